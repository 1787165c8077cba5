// The adversarial harness: takes a valid instruction, applies one attack to one of its accounts
// (by the account's role name in the IDL), sends it, and asserts the specific error and that
// every watched account — balances included — is unchanged. Each run is recorded so the suite
// can write the instruction × attack table in docs/adversarial.md.
import * as fs from "fs";
import * as path from "path";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, Signer, Transaction, TransactionInstruction } from "@solana/web3.js";
import { Address, Lamports } from "@solana/kit";
import { TestEnv } from "./env";
import { expectAnchorError, expectTransactionFailure, snapshot, expectUnchanged } from "./assertions";

export type AttackKind =
  | "missing signer"
  | "not writable"
  | "wrong owner"
  | "look-alike (same owner, other address)"
  | "uninitialised account"
  | "wrong program id"
  | "substituted account";

export interface Attack {
  kind: AttackKind;
  /** Account role as named in the IDL (snake_case), e.g. "authority". */
  role: string;
  /** Expected Anchor error name, or a RegExp for runtime-level failures (e.g. privilege escalation). */
  expect: string | RegExp;
  /** For "substituted account" and "wrong program id": the replacement key. */
  replacement?: PublicKey;
}

export interface AttackRecord {
  program: string;
  instruction: string;
  kind: AttackKind;
  role: string;
  expected: string;
  test: string;
}

const records: AttackRecord[] = [];

export function attackRecords(): readonly AttackRecord[] {
  return records;
}

function accountIndex(idl: Idl, instruction: string, role: string): number {
  const ix = idl.instructions.find((i) => i.name === instruction);
  if (!ix) throw new Error(`IDL has no instruction ${instruction}`);
  const index = ix.accounts.findIndex((a) => a.name === role);
  if (index < 0) throw new Error(`${instruction} has no account ${role}`);
  return index;
}

/** Copies `source`'s data to a fresh address owned by `owner` (embedded SVM only). */
function cloneAccount(env: TestEnv, source: PublicKey, owner: PublicKey): PublicKey {
  const svm = env.svm!.svm;
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
  switch (attack.kind) {
    case "missing signer":
      meta.isSigner = false;
      extraSigners = signers.filter((s) => !s.publicKey.equals(meta.pubkey));
      break;
    case "not writable":
      meta.isWritable = false;
      break;
    case "wrong owner":
      meta.pubkey = cloneAccount(env, meta.pubkey, Keypair.generate().publicKey);
      break;
    case "look-alike (same owner, other address)": {
      const owner = (await env.connection.getAccountInfo(meta.pubkey))?.owner ?? programOwner;
      meta.pubkey = cloneAccount(env, meta.pubkey, owner);
      break;
    }
    case "uninitialised account":
      meta.pubkey = Keypair.generate().publicKey;
      break;
    case "wrong program id":
    case "substituted account":
      if (!attack.replacement) throw new Error(`${attack.kind} needs a replacement key`);
      meta.pubkey = attack.replacement;
      break;
  }
  const before = await snapshot(env.connection, [...watched, env.payer.publicKey]);
  const tx = new Transaction().add(ix);
  const send = () => env.provider.sendAndConfirm(tx, extraSigners.filter((s) => ix.keys.some((k) => k.isSigner && k.pubkey.equals(s.publicKey))));
  if (typeof attack.expect === "string") await expectAnchorError(send, attack.expect);
  else await expectTransactionFailure(send, attack.expect);
  await expectUnchanged(env.connection, before);
  records.push({
    program: idl.metadata.name,
    instruction,
    kind: attack.kind,
    role: attack.role,
    expected: typeof attack.expect === "string" ? attack.expect : attack.expect.source,
    test: testTitle,
  });
}

/** Writes the instruction × attack table (called once, after the adversarial suites). */
export function writeAttackTable(file = path.join(__dirname, "..", "..", "docs", "adversarial-generated.md")): void {
  if (records.length === 0) return;
  const lines = [
    "# Adversarial coverage (generated by the adversarial suites)",
    "",
    "Each row is one attack run in the embedded SVM that failed with the listed error and left every watched account unchanged.",
    "",
    "| program | instruction | attack | account | error | test |",
    "|---|---|---|---|---|---|",
    ...records.map((r) => `| ${r.program} | ${r.instruction} | ${r.kind} | ${r.role} | ${r.expected} | ${r.test} |`),
    "",
  ];
  fs.writeFileSync(file, lines.join("\n"));
}
