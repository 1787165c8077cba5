// Floors: what an instruction cannot avoid, measured in the same run.
//
//   floor = Σ (each CPI it makes, executed on its own as a top-level instruction, measured here)
//         + the CPI syscall per CPI (the runtime's invoke cost)
//         + its syscalls, costed with the runtime's cost table: sol_log_data for each event it
//           emits (read from its logs), Clock / Rent sysvar reads, sha256 (merkle nodes, PDA
//           derivations) and curve checks (canonical bump of an account it creates).
//
// The CPIs are identified per sample from the transaction's inner instructions, so a change to
// what a program invokes changes its floor without touching this file.
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, createApproveInstruction, createBurnInstruction, createInitializeAccount3Instruction,
  createMintToInstruction, createTransferInstruction, createInitializeMint2Instruction, createAccount, createMint, mintTo, ACCOUNT_SIZE,
} from "@solana/spl-token";
import { Bench, Sample, Cpi } from "./harness";
import { createDcAccountInstructions, createDcMintInstructions, dcAccountAddress } from "../sdk/src/credits/instructions";
import { stats } from "./table";

/** Agave's compute cost table (solana-compute-budget defaults) for the syscalls counted here. */
export const COST = {
  /** Each CPI (`sol_invoke_signed`): invoke_units. */
  invoke: 1_000,
  syscallBase: 100,
  sha256Base: 85,
  /** Per hashed slice: max(mem_op_base_cost 10, sha256_byte_cost 1 × len / 2). */
  memOpBase: 10,
  /** sysvar_base_cost + size_of::<Clock>() (40 bytes). */
  clock: 100 + 40,
  /** sysvar_base_cost + size_of::<Rent>() (24 bytes). */
  rent: 100 + 24,
  /** curve25519_edwards_validate_point_cost. */
  curvePoint: 159,
};

/** Floor key of the credits program's burn_fee (see FloorKit.measure). */
export const BURN_FEE_FLOOR = "credits:burn_fee (token-2022 Burn + invoke + Clock + event)";

export function sha256Cost(sliceLens: number[]): number {
  return COST.sha256Base + sliceLens.reduce((s, l) => s + Math.max(COST.memOpBase, Math.floor(l / 2)), 0);
}
/** sol_log_data: base + base per field + bytes. */
export function logDataCost(fields: number[]): number {
  return COST.syscallBase + COST.syscallBase * fields.length + fields.reduce((s, l) => s + l, 0);
}
/** A PDA derivation: sha256(seed prefix ‖ 32-byte key ‖ bump ‖ program id ‖ "ProgramDerivedAddress"). */
export const PDA_HASH = sha256Cost([8, 32, 1, 32, 21]);
/** A merkle node: sha256(32 ‖ 32). */
export const NODE_HASH = sha256Cost([32, 32]);
/** A reward leaf: sha256(0x00 ‖ network ‖ operator ‖ amount u64). */
export const LEAF_HASH = sha256Cost([1, 32, 32, 8]);

/** What an instruction needs beyond its CPIs and events (declared per instruction by the scenarios). */
export interface Syscalls {
  clock?: boolean;
  /** Existing PDAs whose address must be re-derived (one sha256 each). */
  pdaVerify?: number;
  /** Extra sha256 calls, e.g. a claim's leaf and proof nodes: total CU. */
  hashCu?: number;
  hashNote?: string;
}

/** Standalone CU per CPI kind ("token-2022:Burn"), measured as top-level single-instruction transactions. */
export class FloorKit {
  readonly cu = new Map<string, number>();
  readonly samples = new Map<string, number[]>();

  static async measure(b: Bench, rounds = 5): Promise<FloorKit> {
    const kit = new FloorKit();
    const auth = Keypair.generate();
    await b.airdrop(auth.publicKey);
    const one = async (key: string, ix: () => TransactionInstruction | Promise<TransactionInstruction>, signers: Keypair[] = []) => {
      for (let i = 0; i < rounds; i++) {
        const sig = await b.send([await ix()], signers);
        const rec = b.connection.transactionRecord(sig)!;
        // One instruction in the transaction: its CU is the transaction's (builtins log none).
        const list = kit.samples.get(key) ?? [];
        list.push(rec.computeUnitsConsumed);
        kit.samples.set(key, list);
      }
    };
    // SPL Token (the network token): plain accounts, as the programs' vaults and wallets.
    const mint = await createMint(b.connection, b.payer, auth.publicKey, null, 6);
    const a = await createAccount(b.connection, b.payer, mint, auth.publicKey, Keypair.generate());
    const c = await createAccount(b.connection, b.payer, mint, auth.publicKey, Keypair.generate());
    await mintTo(b.connection, b.payer, mint, a, auth, 1_000_000_000n);
    await one("spl-token:Transfer", () => createTransferInstruction(a, c, auth.publicKey, 1_000), [auth]);
    await one("spl-token:MintTo", () => createMintToInstruction(mint, a, auth.publicKey, 1_000), [auth]);
    await one("spl-token:Burn", () => createBurnInstruction(a, mint, auth.publicKey, 1_000), [auth]);
    for (let i = 0; i < rounds; i++) {
      const acct = Keypair.generate();
      const rent = await b.connection.getMinimumBalanceForRentExemption(ACCOUNT_SIZE);
      await b.send([SystemProgram.createAccount({ fromPubkey: b.payer.publicKey, newAccountPubkey: acct.publicKey, space: ACCOUNT_SIZE, lamports: rent, programId: TOKEN_PROGRAM_ID })], [acct]);
      const sig = await b.send([createInitializeAccount3Instruction(acct.publicKey, mint, auth.publicKey)]);
      const list = kit.samples.get("spl-token:InitializeAccount3") ?? [];
      list.push(b.connection.transactionRecord(sig)!.computeUnitsConsumed);
      kit.samples.set("spl-token:InitializeAccount3", list);
    }
    // Token-2022 data credits: a NonTransferable mint and an associated account (ImmutableOwner +
    // NonTransferableAccount), as the credits program's DC mint and customer accounts.
    const dcMint = Keypair.generate();
    const fakeNetwork = Keypair.generate().publicKey;
    const dcIxs = await createDcMintInstructions(b.connection, b.payer.publicKey, dcMint, fakeNetwork);
    // Same mint layout, but with a key we hold as mint authority (the real one is the config PDA).
    dcIxs[2] = createInitializeMint2Instruction(dcMint.publicKey, 0, auth.publicKey, null, TOKEN_2022_PROGRAM_ID);
    await b.send(dcIxs, [dcMint]);
    const holder = Keypair.generate();
    await b.airdrop(holder.publicKey);
    const delegate = Keypair.generate();
    const dcAcct = dcAccountAddress(dcMint.publicKey, holder.publicKey);
    await b.send([createDcAccountInstructions(b.payer.publicKey, holder.publicKey, dcMint.publicKey, fakeNetwork)[0]]);
    await b.send([createApproveInstruction(dcAcct, delegate.publicKey, holder.publicKey, 1n << 60n, [], TOKEN_2022_PROGRAM_ID)], [holder]);
    await one("token-2022:MintTo", () => createMintToInstruction(dcMint.publicKey, dcAcct, auth.publicKey, 1_000_000, [], TOKEN_2022_PROGRAM_ID), [auth]);
    await one("token-2022:Burn", () => createBurnInstruction(dcAcct, dcMint.publicKey, holder.publicKey, 10, [], TOKEN_2022_PROGRAM_ID), [holder]);
    await one("token-2022:Burn(delegate)", () => createBurnInstruction(dcAcct, dcMint.publicKey, delegate.publicKey, 10, [], TOKEN_2022_PROGRAM_ID), [delegate]);
    // System program (a builtin: fixed cost, measured anyway).
    const space = 200;
    const lamports = await b.connection.getMinimumBalanceForRentExemption(space);
    const owner = new PublicKey("9FyES7kMw22Esx2rMhwq6qoaazkRWAT1iBHFQFQmhdS9");
    for (let i = 0; i < rounds; i++) {
      const k = Keypair.generate();
      const sig = await b.send([SystemProgram.createAccount({ fromPubkey: b.payer.publicKey, newAccountPubkey: k.publicKey, space, lamports, programId: owner })], [k]);
      push(kit, "system:CreateAccount", b.connection.transactionRecord(sig)!.computeUnitsConsumed);
      const t = Keypair.generate();
      const s1 = await b.send([SystemProgram.transfer({ fromPubkey: b.payer.publicKey, toPubkey: t.publicKey, lamports })]);
      push(kit, "system:Transfer", b.connection.transactionRecord(s1)!.computeUnitsConsumed);
      const s2 = await b.send([SystemProgram.allocate({ accountPubkey: t.publicKey, space })], [t]);
      push(kit, "system:Allocate", b.connection.transactionRecord(s2)!.computeUnitsConsumed);
      const s3 = await b.send([SystemProgram.assign({ accountPubkey: t.publicKey, programId: owner })], [t]);
      push(kit, "system:Assign", b.connection.transactionRecord(s3)!.computeUnitsConsumed);
    }
    for (const [k, v] of kit.samples) kit.cu.set(k, stats(v).median);
    // The credits program's burn_fee only runs under the network program's signature, so it has
    // no standalone transaction: its floor is what it cannot avoid, its token-2022 Burn, that
    // CPI's invoke, a Clock read and its FeeBurned event (153 bytes).
    kit.cu.set(BURN_FEE_FLOOR, kit.cu.get("token-2022:Burn")! + COST.invoke + COST.clock + logDataCost([153]));
    return kit;
  }

  /** Floor of one sample, with the note saying what it contains. */
  floor(sample: Sample, sys: Syscalls = {}, variant: Record<string, string> = {}): { floor: number; note: string } {
    const parts: string[] = [];
    let total = 0;
    const add = (cu: number, what: string) => {
      total += cu;
      parts.push(`${what} ${cu.toLocaleString("en-US")}`);
    };
    // Count of identical CPIs, in order.
    const groups = new Map<string, number>();
    for (const c of sample.cpis) {
      const key = variant[cpiKey(c)] ?? cpiKey(c);
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    for (const [key, n] of groups) {
      const cu = this.cu.get(key);
      if (cu === undefined) throw new Error(`no standalone measurement for CPI ${key}`);
      add(cu * n, `${n > 1 ? n + "× " : ""}${key}`);
    }
    if (sample.cpis.length) add(COST.invoke * sample.cpis.length, `${sample.cpis.length}× CPI invoke`);
    const creates = sample.cpis.filter((c) => c.program === "system" && (c.kind === "CreateAccount" || c.kind === "Allocate")).length;
    if (creates) add(creates * (COST.rent + PDA_HASH + COST.curvePoint), `${creates}× new PDA (Rent read + sha256 + curve check)`);
    if (sys.pdaVerify) add(sys.pdaVerify * PDA_HASH, `${sys.pdaVerify}× PDA re-derivation (sha256)`);
    if (sys.clock) add(COST.clock, "Clock");
    if (sys.hashCu) add(sys.hashCu, sys.hashNote ?? "sha256");
    for (const e of sample.events) add(logDataCost(e), `event ${e.reduce((s, l) => s + l, 0)} B`);
    return { floor: total, note: parts.join(" + ") || "nothing (no CPI, syscall or event)" };
  }
}

function push(kit: FloorKit, key: string, cu: number): void {
  const list = kit.samples.get(key) ?? [];
  list.push(cu);
  kit.samples.set(key, list);
}

export const cpiKey = (c: Cpi) => `${c.program}:${c.kind}`;
