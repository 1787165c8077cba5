// Declares instruction-level cases (bad arguments, replays, paused features, state-dependent
// substitutions) as mocha `it`s that go through `runCase` (specific error + nothing changed).
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { TestEnv } from "../support/env";
import { CaseKind, runCase, sender } from "../support/attacks";

export const caseTitle = (instruction: string, kind: string, what: string, expect: string | RegExp) =>
  `${instruction}: ${kind} (${what}) → ${typeof expect === "string" ? expect : expect.source}`;

export interface CaseOptions {
  /** Runs before the failing transaction (e.g. pauses the program or writes a bad price). */
  before?: () => Promise<unknown>;
  /** Runs afterwards whatever the outcome (e.g. unpauses). */
  after?: () => Promise<unknown>;
}

export function cases(program: string, suite: string, env: () => TestEnv) {
  return (instruction: string, kind: CaseKind, what: string, expect: string | RegExp, watched: () => PublicKey[],
    build: () => Promise<TransactionInstruction | TransactionInstruction[]>, signers: () => Keypair[], opts: CaseOptions = {}) => {
    const title = caseTitle(instruction, kind, what, expect);
    it(title, async () => {
      if (opts.before) await opts.before();
      try {
        await runCase(env(), { program, instruction, kind, what, expect }, sender(env(), build, signers()), watched(), `${suite} ${title}`);
      } finally {
        if (opts.after) await opts.after();
      }
    });
  };
}
