// The base of every typed Groundwork error.
export type GroundworkProgramName = "network" | "credits" | "rewards";

/** A program rejected the transaction with one of its own error codes. */
export class GroundworkProgramError extends Error {
  constructor(
    readonly program: GroundworkProgramName | string,
    readonly code: number,
    readonly errorName: string,
    readonly description: string,
    readonly logs: string[] = [],
  ) {
    super(`${program} program: ${description} (${errorName}, ${code})`);
    this.name = errorName;
  }
}

/** An account check failed (Anchor framework error codes 100–4999, e.g. AccountNotSigner). */
export class GroundworkAccountError extends Error {
  constructor(
    readonly program: string,
    readonly code: number,
    readonly errorName: string,
    readonly description: string,
    /** The account's role in the instruction, when the program named it. */
    readonly account: string | undefined,
    readonly logs: string[] = [],
  ) {
    super(`${program} program: ${account ? `account \`${account}\`: ` : ""}${description} (${errorName}, ${code})`);
    this.name = errorName;
  }
}

const WELL_KNOWN: Record<string, string> = {
  "11111111111111111111111111111111": "system program",
  TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA: "token program",
  TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb: "token-2022 program",
  ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL: "associated token program",
};

/** A program called by ours (system, token) failed, e.g. a payer without enough SOL for rent. */
export class GroundworkCpiError extends Error {
  constructor(readonly programId: string, readonly detail: string, readonly logs: string[] = []) {
    super(`${WELL_KNOWN[programId] ?? programId}: ${detail.replace(/^Program log: /, "")}`);
    this.name = "GroundworkCpiError";
  }
}
