// Assertions shared by the suites: a transaction must fail with one specific program error, and
// the accounts it touched must be byte-for-byte what they were.
import { expect } from "chai";
import { AnchorError, ProgramError } from "@coral-xyz/anchor";
import { Connection, PublicKey, SendTransactionError } from "@solana/web3.js";

/** Runs `action`, expecting it to fail with the Anchor error named `code` (e.g. "AccountNotSigner"). */
export async function expectAnchorError(action: () => Promise<unknown>, code: string): Promise<AnchorError | ProgramError> {
  try {
    await action();
  } catch (err) {
    if (err instanceof AnchorError) {
      expect(err.error.errorCode.code, `error: ${err.message}`).to.equal(code);
      return err;
    }
    // A transaction sent outside `Program.methods` (provider.sendAndConfirm) carries the logs.
    const parsed = err instanceof SendTransactionError ? AnchorError.parse(err.logs ?? []) : null;
    if (parsed) {
      expect(parsed.error.errorCode.code, `error: ${parsed.message}`).to.equal(code);
      return parsed;
    }
    if (err instanceof ProgramError) {
      expect(err.msg, `error code ${err.code}`).to.match(new RegExp(code));
      return err;
    }
    throw new Error(`expected AnchorError ${code}, got ${(err as Error).constructor.name}: ${(err as Error).message}`);
  }
  throw new Error(`expected AnchorError ${code}, but the transaction succeeded`);
}

/** Runs `action`, expecting a transaction failure whose message or logs match `pattern`. */
export async function expectTransactionFailure(action: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await action();
  } catch (err) {
    const logs = err instanceof SendTransactionError ? (err.logs ?? []).join("\n") : "";
    const text = `${(err as Error).message}\n${logs}`;
    expect(text).to.match(pattern);
    return;
  }
  throw new Error(`expected a failure matching ${pattern}, but the transaction succeeded`);
}

export type Snapshot = Map<string, string>;

/** Lamports, owner and data of each account (missing accounts recorded as such). */
export async function snapshot(connection: Connection, keys: PublicKey[]): Promise<Snapshot> {
  const infos = await connection.getMultipleAccountsInfo(keys, "confirmed");
  const map: Snapshot = new Map();
  keys.forEach((k, i) => {
    const a = infos[i];
    map.set(k.toBase58(), a ? `${a.lamports}|${a.owner.toBase58()}|${a.data.toString("hex")}` : "missing");
  });
  return map;
}

/** Asserts that none of the accounts in `before` changed. */
export async function expectUnchanged(connection: Connection, before: Snapshot): Promise<void> {
  const after = await snapshot(connection, [...before.keys()].map((k) => new PublicKey(k)));
  for (const [key, value] of before) {
    expect(after.get(key), `account ${key} changed`).to.equal(value);
  }
}
