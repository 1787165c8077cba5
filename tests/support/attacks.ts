// The adversarial harness: takes a valid instruction, applies one attack to one of its accounts
// (by the account's role name in the IDL), sends it, and asserts the specific error and that
// every watched account — balances included — is unchanged. Each run is recorded so the suite
// can write the instruction × attack table in docs/adversarial.md (tests/adversarial/table.test.ts).
import * as fs from "fs";
import * as path from "path";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, Signer, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { Address, Lamports } from "@solana/kit";
import { createAccount, createMint, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { TestEnv } from "./env";
import { expectAnchorError, expectTransactionFailure, snapshot, expectUnchanged } from "./assertions";

/** Account-level attacks `runAttack` applies to one account of a valid instruction. */
export type AttackKind =
  | "missing signer"
  | "wrong signer"
  | "not writable"
  | "wrong owner"
  | "look-alike (other program)"
  | "look-alike (same owner, other address)"
  | "wrong PDA"
  | "wrong mint"
  | "uninitialised account"
  | "closed account"
  | "wrong program id"
  | "substituted account";

/** Instruction-level cases run with `runCase` (arguments or state, not one account). */
export type CaseKind = "zero amount" | "overflowing amount" | "replay" | "paused" | "wrong signer" | "wrong owner" | "wrong mint" | "wrong PDA" | "closed account";

/** The columns of the table in docs/adversarial.md, in order. */
export const COLUMNS = [
  "missing signer",
  "wrong signer",
  "not writable",
  "wrong owner",
  "look-alike",
  "wrong PDA / relation",
  "wrong mint",
  "wrong program id",
  "uninitialised / closed",
  "zero / overflowing amount",
  "replay",
  "paused",
] as const;
export type Column = (typeof COLUMNS)[number];

export function columnOf(kind: AttackKind | CaseKind): Column {
  switch (kind) {
    case "missing signer": return "missing signer";
    case "wrong signer": return "wrong signer";
    case "not writable": return "not writable";
    case "wrong owner": return "wrong owner";
    case "look-alike (other program)":
    case "look-alike (same owner, other address)": return "look-alike";
    case "wrong PDA":
    case "substituted account": return "wrong PDA / relation";
    case "wrong mint": return "wrong mint";
    case "wrong program id": return "wrong program id";
    case "uninitialised account":
    case "closed account": return "uninitialised / closed";
    case "zero amount":
    case "overflowing amount": return "zero / overflowing amount";
    case "replay": return "replay";
    case "paused": return "paused";
  }
}

type Key = PublicKey | (() => PublicKey | Promise<PublicKey>);
const resolve = async (k: Key): Promise<PublicKey> => (typeof k === "function" ? k() : k);

export interface Attack {
  kind: AttackKind;
  /** Account role as named in the IDL (snake_case), e.g. "authority". */
  role: string;
  /** Expected Anchor error name, or a RegExp for runtime-level failures (e.g. privilege escalation). */
  expect: string | RegExp;
  /**
   * "substituted account", "wrong PDA", "wrong mint", "closed account", "wrong program id": the
   * replacement key (a function when the key only exists once the fixture is built).
   */
  replacement?: Key;
  /** "look-alike (other program)": the program owning the clone. */
  owner?: Key;
  /** Short description of the replacement for the table (e.g. "operator of another network"). */
  note?: string;
  /**
   * Why the attack needs the embedded SVM (state no attacker can create), when it does for a
   * reason `embeddedOnlyReason` cannot see from its kind and owner; it then says so in its title.
   */
  embeddedOnly?: string;
}

export interface AttackRecord {
  program: string;
  instruction: string;
  kind: AttackKind | CaseKind;
  role: string;
  expected: string;
  test: string;
}

const records: AttackRecord[] = [];

export function attackRecords(): readonly AttackRecord[] {
  return records;
}

const leftOut: AttackRecord[] = [];

/**
 * The attacks a run on a cluster leaves out because they need the embedded SVM (state no attacker
 * can create), each with the test that asserts it there: the coverage table names them instead of
 * counting their cells empty.
 */
export function leftOutAttacks(): readonly AttackRecord[] {
  return leftOut;
}

export function recordLeftOut(r: AttackRecord): void {
  leftOut.push(r);
}

/** Records a case asserted outside `runAttack` (kept for suites that assert by hand). */
export function recordCase(r: AttackRecord): void {
  records.push(r);
}

function accountIndex(idl: Idl, instruction: string, role: string): number {
  const ix = idl.instructions.find((i) => i.name === instruction);
  if (!ix) throw new Error(`IDL has no instruction ${instruction}`);
  const index = ix.accounts.findIndex((a) => a.name === role);
  if (index < 0) throw new Error(`${instruction} has no account ${role}`);
  return index;
}

/**
 * The test-only attacker program (tests/programs/attacker): writes arbitrary bytes into accounts
 * it owns. Loaded into the embedded SVM (tests/support/env.ts) and the validator
 * (scripts/test-validator.sh, Anchor.toml [[test.genesis]]); never one of Groundwork's programs.
 */
export const ATTACKER_PROGRAM_NAME = "groundwork_test_attacker";
export const ATTACKER_PROGRAM_ID = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "keys", `${ATTACKER_PROGRAM_NAME}-keypair.json`), "utf8"),
) as number[])).publicKey;
/**
 * Bytes of data per `write` transaction (a transaction is at most 1,232 bytes). The first write
 * shares its transaction with the account's creation: two signatures, four keys, the 52-byte
 * CreateAccount, the write's 5-byte header — 361 bytes around the chunk, so at most 871 fit
 * (900 made any account of 900 bytes or more, e.g. a Network, a 1,261-byte transaction).
 */
const WRITE_CHUNK = 850;

function writeIx(account: PublicKey, offset: number, bytes: Uint8Array): TransactionInstruction {
  const data = Buffer.alloc(5 + bytes.length);
  data.writeUInt8(0, 0);
  data.writeUInt32LE(offset, 1);
  Buffer.from(bytes).copy(data, 5);
  return new TransactionInstruction({ programId: ATTACKER_PROGRAM_ID, keys: [{ pubkey: account, isSigner: false, isWritable: true }], data });
}

/**
 * What a real attacker can do on any cluster: creates an account owned by the attacker program
 * holding `data` (rent-exempt), with real transactions, and returns its address.
 */
export async function forgeAccount(env: TestEnv, data: Uint8Array): Promise<PublicKey> {
  const account = Keypair.generate();
  const lamports = await env.connection.getMinimumBalanceForRentExemption(data.length);
  const create = SystemProgram.createAccount({ fromPubkey: env.payer.publicKey, newAccountPubkey: account.publicKey, lamports, space: data.length, programId: ATTACKER_PROGRAM_ID });
  const first = new Transaction().add(create);
  if (data.length > 0) first.add(writeIx(account.publicKey, 0, data.subarray(0, WRITE_CHUNK)));
  await env.provider.sendAndConfirm(first, [account]);
  for (let offset = WRITE_CHUNK; offset < data.length; offset += WRITE_CHUNK) {
    await env.provider.sendAndConfirm(new Transaction().add(writeIx(account.publicKey, offset, data.subarray(offset, offset + WRITE_CHUNK))), []);
  }
  return account.publicKey;
}

/** Rewrites part of an account the attacker program owns (a forged account changing over time). */
export async function rewriteForged(env: TestEnv, account: PublicKey, data: Uint8Array, offset = 0): Promise<void> {
  for (let at = 0; at < data.length; at += WRITE_CHUNK) {
    await env.provider.sendAndConfirm(new Transaction().add(writeIx(account, offset + at, data.subarray(at, at + WRITE_CHUNK))), []);
  }
}

/** A zeroed account of `source`'s size owned by a random key (not a program): what anyone can create. */
export async function foreignOwned(env: TestEnv, source: PublicKey): Promise<PublicKey> {
  const original = await env.connection.getAccountInfo(source, "confirmed");
  if (!original) throw new Error(`cannot mimic missing account ${source.toBase58()}`);
  const account = Keypair.generate();
  const lamports = await env.connection.getMinimumBalanceForRentExemption(original.data.length);
  await env.provider.sendAndConfirm(new Transaction().add(SystemProgram.createAccount({
    fromPubkey: env.payer.publicKey, newAccountPubkey: account.publicKey, lamports, space: original.data.length, programId: Keypair.generate().publicKey,
  })), [account]);
  return account.publicKey;
}

/** `source`'s exact bytes in a fresh account the attacker program owns (real transactions; any cluster). */
export async function forgeCopy(env: TestEnv, source: PublicKey): Promise<PublicKey> {
  const original = await env.connection.getAccountInfo(source, "confirmed");
  if (!original) throw new Error(`cannot copy missing account ${source.toBase58()}`);
  return forgeAccount(env, original.data);
}

/**
 * Copies `source`'s data and lamports to a fresh address owned by `owner`. Owned by the attacker
 * program, that is a real transaction (`forgeCopy`); owned by anything else (one of our programs,
 * a Token program) it is state no attacker can create, so only the embedded SVM can write it.
 */
export async function cloneAccount(env: TestEnv, source: PublicKey, owner: PublicKey): Promise<PublicKey> {
  if (owner.equals(ATTACKER_PROGRAM_ID)) return forgeCopy(env, source);
  if (!env.svm) throw new Error(`cloneAccount: an account owned by ${owner.toBase58()} with forged bytes exists only on the embedded SVM`);
  const svm = env.svm.svm;
  const original = svm.getAccount(source.toBase58() as Address);
  if (!original.exists) throw new Error(`cannot clone missing account ${source.toBase58()}`);
  const clone = Keypair.generate().publicKey;
  svm.setAccount({
    address: clone.toBase58() as Address,
    data: new Uint8Array(original.data),
    executable: false,
    lamports: original.lamports as Lamports,
    programAddress: owner.toBase58() as Address,
    space: BigInt(original.data.length),
  });
  return clone;
}

const isTokenProgram = (k: PublicKey) => k.equals(TOKEN_PROGRAM_ID) || k.equals(TOKEN_2022_PROGRAM_ID);

/** A mint, or a token account, as the SPL layouts tell them apart (Token-2022 extensions included). */
function tokenKind(data: Buffer): "mint" | "account" | null {
  if (data.length === 82) return "mint";
  if (data.length === 165) return "account";
  if (data.length > 165) return data[165] === 1 ? "mint" : data[165] === 2 ? "account" : null;
  return null;
}

/**
 * The real thing an attacker makes instead of a byte copy under a Token program: for a mint, a
 * new mint of `program` with the same decimals and mint authority; for a token account, an
 * account of `program` with the same owner — of the same mint when `program` owns that mint,
 * else of a new mint of `program`. Real transactions, any cluster.
 */
export async function tokenLookAlike(env: TestEnv, source: PublicKey, program: PublicKey): Promise<PublicKey> {
  const original = await env.connection.getAccountInfo(source, "confirmed");
  if (!original) throw new Error(`cannot mimic missing account ${source.toBase58()}`);
  const data = Buffer.from(original.data);
  const kind = tokenKind(data);
  if (kind === "mint") {
    const authority = data.readUInt32LE(0) === 1 ? new PublicKey(data.subarray(4, 36)) : env.payer.publicKey;
    return createMint(env.connection, env.payer, authority, null, data[44], Keypair.generate(), { commitment: "confirmed" }, program);
  }
  if (kind === "account") {
    const mint = new PublicKey(data.subarray(0, 32));
    const owner = new PublicKey(data.subarray(32, 64));
    const mintInfo = await env.connection.getAccountInfo(mint, "confirmed");
    const sameMint = mintInfo !== null && mintInfo.owner.equals(program);
    const ofMint = sameMint ? mint : await createMint(env.connection, env.payer, env.payer.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, program);
    return createAccount(env.connection, env.payer, ofMint, owner, Keypair.generate(), { commitment: "confirmed" }, program);
  }
  throw new Error(`${source.toBase58()} is neither a mint nor a token account`);
}

/**
 * Whether an attack needs state no attacker can create (an account owned by one of our programs,
 * a Token program or the Pyth receiver, with copied bytes): such attacks run on the embedded SVM
 * only. Returns the reason, or null when the attack is a real one on any cluster.
 */
export function embeddedOnlyReason(attack: Attack): string | null {
  if (attack.embeddedOnly) return attack.embeddedOnly;
  // Same owner at another address: a real token account (same mint and owner) or a replacement;
  // `runAttack` refuses anything else on a cluster.
  if (attack.kind === "look-alike (other program)") {
    const owner = attack.owner === undefined ? undefined : resolveOwner(attack.owner);
    // The attacker's program writes any bytes; a Token program gets a real mint or account.
    if (owner === null || !(owner?.equals(ATTACKER_PROGRAM_ID) || (owner && isTokenProgram(owner)))) {
      return "forges an account owned by another program of ours, which no attacker can create";
    }
  }
  return null;
}

/** An attack's owner key when it is known before the fixture exists; null for a lazy one. */
function resolveOwner(k: Key): PublicKey | null {
  return typeof k === "function" ? null : k;
}

async function expectFailure(send: () => Promise<unknown>, expect: string | RegExp): Promise<void> {
  if (typeof expect === "string") await expectAnchorError(send, expect);
  else await expectTransactionFailure(send, expect);
}

/**
 * Applies `attack` to `build()`'s instruction, sends it with `signers` and asserts the failure and
 * that `watched` accounts did not change. `build` is called fresh so each attack starts clean.
 */
export async function runAttack(
  env: TestEnv,
  idl: Idl,
  instruction: string,
  build: () => Promise<TransactionInstruction>,
  signers: Signer[],
  attack: Attack,
  watched: PublicKey[],
  testTitle: string,
): Promise<void> {
  const ix = await build();
  const index = accountIndex(idl, instruction, attack.role);
  const meta = ix.keys[index];
  const programOwner = ix.programId;
  let extraSigners = signers;
  const original = meta.pubkey;
  switch (attack.kind) {
    case "missing signer":
      meta.isSigner = false;
      extraSigners = signers.filter((s) => !s.publicKey.equals(meta.pubkey));
      break;
    case "wrong signer": {
      // Another funded wallet signs in the role.
      const attacker = Keypair.generate();
      await env.airdrop(attacker.publicKey, 1);
      meta.pubkey = attacker.publicKey;
      meta.isSigner = true;
      extraSigners = [...signers, attacker];
      break;
    }
    case "not writable":
      meta.isWritable = false;
      break;
    case "wrong owner":
      // An account of the original's size owned by a key that is no program at all (anyone can
      // create one with the System program): real transactions, any cluster.
      meta.pubkey = await foreignOwned(env, meta.pubkey);
      break;
    case "look-alike (other program)": {
      if (!attack.owner) throw new Error("look-alike (other program) needs an owner");
      const owner = await resolve(attack.owner);
      meta.pubkey = isTokenProgram(owner) ? await tokenLookAlike(env, meta.pubkey, owner) : await cloneAccount(env, meta.pubkey, owner);
      break;
    }
    case "look-alike (same owner, other address)": {
      if (attack.replacement) {
        meta.pubkey = await resolve(attack.replacement);
        break;
      }
      const owner = (await env.connection.getAccountInfo(meta.pubkey))?.owner ?? programOwner;
      // A token account or mint: a real one with the same mint and owner at another address (a
      // fake vault anyone can open). Anything else would be forged bytes in our own program's account.
      meta.pubkey = isTokenProgram(owner) ? await tokenLookAlike(env, meta.pubkey, owner) : await cloneAccount(env, meta.pubkey, owner);
      break;
    }
    case "uninitialised account":
      meta.pubkey = Keypair.generate().publicKey;
      break;
    case "wrong program id":
    case "substituted account":
    case "wrong PDA":
    case "wrong mint":
    case "closed account":
      if (!attack.replacement) throw new Error(`${attack.kind} needs a replacement key`);
      meta.pubkey = await resolve(attack.replacement);
      break;
  }
  const replaced = !["missing signer", "not writable"].includes(attack.kind);
  if (replaced && meta.pubkey.equals(original)) throw new Error(`${attack.kind}: replacement equals the original`);
  const watchedKeys = [...watched, env.payer.publicKey, ...(meta.pubkey.equals(original) ? [] : [meta.pubkey])];
  const before = await snapshot(env.connection, watchedKeys);
  const tx = new Transaction().add(ix);
  const send = () => env.provider.sendAndConfirm(tx, extraSigners.filter((s) => ix.keys.some((k) => k.isSigner && k.pubkey.equals(s.publicKey))));
  await expectFailure(send, attack.expect);
  await expectUnchanged(env.connection, before);
  records.push(attackRecordOf(idl, instruction, attack, testTitle));
}

/** The table's record of one attack on `instruction`, asserted by the test titled `testTitle`. */
export function attackRecordOf(idl: Idl, instruction: string, attack: Attack, testTitle: string): AttackRecord {
  return {
    program: idl.metadata.name,
    instruction,
    kind: attack.kind,
    role: attack.note ? `${attack.role} (${attack.note})` : attack.role,
    expected: typeof attack.expect === "string" ? attack.expect : `/${attack.expect.source}/`,
    test: testTitle,
  };
}

export interface Case {
  program: string;
  instruction: string;
  kind: CaseKind;
  /** What the case varies: an argument, an account role, or the state (e.g. "amount = 0"). */
  what: string;
  expect: string | RegExp;
}

/**
 * Sends `send()` (a whole transaction: bad arguments, a replay, a paused feature), asserts the
 * failure and that `watched` (and the payer) are unchanged, and records the case.
 */
export async function runCase(env: TestEnv, c: Case, send: () => Promise<unknown>, watched: PublicKey[], testTitle: string): Promise<void> {
  const before = await snapshot(env.connection, [...watched, env.payer.publicKey]);
  await expectFailure(send, c.expect);
  await expectUnchanged(env.connection, before);
  records.push({
    program: c.program,
    instruction: c.instruction,
    kind: c.kind,
    role: c.what,
    expected: typeof c.expect === "string" ? c.expect : `/${c.expect.source}/`,
    test: testTitle,
  });
}

/** Sends instructions as one transaction with the given signers. */
export function sender(env: TestEnv, build: () => Promise<TransactionInstruction | TransactionInstruction[]>, signers: Signer[]): () => Promise<string> {
  return async () => {
    const ixs = await build();
    return env.provider.sendAndConfirm(new Transaction().add(...(Array.isArray(ixs) ? ixs : [ixs])), signers);
  };
}
