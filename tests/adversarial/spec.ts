// Declares one mocha `it` per attack on one instruction (titles are known before the fixture is
// built; keys resolve lazily). Shared by the per-program adversarial suites.
import { Idl } from "@coral-xyz/anchor";
import { PublicKey, Signer, TransactionInstruction } from "@solana/web3.js";
import { TestEnv } from "../support/env";
import { Attack, attackRecordOf, embeddedOnlyReason, recordLeftOut, runAttack } from "../support/attacks";
import { ON_CLUSTER } from "../support/time";

export interface Target {
  env: () => TestEnv;
  idl: Idl;
  instruction: string;
  /** A valid instruction (it succeeds when sent unmodified). */
  build: () => Promise<TransactionInstruction>;
  signers: () => Signer[];
  /** Every account the instruction could change (the payer is always watched). */
  watched: () => PublicKey[];
}

/** An attack's test title; one that needs state no attacker can create says so (and why). */
export const titleOf = (instruction: string, a: Attack): string => {
  const reason = embeddedOnlyReason(a);
  return `${instruction}: ${a.kind} on ${a.role}${a.note ? ` (${a.note})` : ""} → ${typeof a.expect === "string" ? a.expect : a.expect.source}${reason ? ` [embedded-only: ${reason}]` : ""}`;
};

export function attacks(t: Target, list: Attack[], suite: string): void {
  for (const a of list) {
    const title = titleOf(t.instruction, a);
    // Left out of a cluster run (its title says embedded-only): the coverage table names it.
    if (ON_CLUSTER && embeddedOnlyReason(a)) recordLeftOut(attackRecordOf(t.idl, t.instruction, a, `${suite} ${title}`));
    it(title, async () => {
      await runAttack(t.env(), t.idl, t.instruction, t.build, t.signers(), a, t.watched(), `${suite} ${title}`);
    });
  }
}
