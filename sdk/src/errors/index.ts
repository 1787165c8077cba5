// Turns whatever a failed send throws (web3.js SendTransactionError, Anchor's AnchorError or
// ProgramError, a simulation failure) into a typed Groundwork error with a clear message.
import { AnchorError, ProgramError, LangErrorMessage } from "@coral-xyz/anchor";
import { SendTransactionError } from "@solana/web3.js";
import { NETWORK_PROGRAM_ID, CREDITS_PROGRAM_ID, REWARDS_PROGRAM_ID } from "../ids";
import { GroundworkNetworkErrors } from "../idl/groundwork_network_errors";
import { GroundworkCreditsErrors } from "../idl/groundwork_credits_errors";
import { GroundworkRewardsErrors } from "../idl/groundwork_rewards_errors";
import { GroundworkAccountError, GroundworkCpiError, GroundworkProgramError } from "./base";

export { GroundworkAccountError, GroundworkCpiError, GroundworkProgramError } from "./base";
export * as NetworkErrors from "../idl/groundwork_network_errors";
export * as CreditsErrors from "../idl/groundwork_credits_errors";
export * as RewardsErrors from "../idl/groundwork_rewards_errors";

type ErrorClass = new (logs?: string[]) => GroundworkProgramError;

const registry = new Map<string, { name: string; errors: ReadonlyMap<number, ErrorClass> }>([
  [NETWORK_PROGRAM_ID.toBase58(), { name: "network", errors: GroundworkNetworkErrors }],
  [CREDITS_PROGRAM_ID.toBase58(), { name: "credits", errors: GroundworkCreditsErrors }],
  [REWARDS_PROGRAM_ID.toBase58(), { name: "rewards", errors: GroundworkRewardsErrors }],
]);

const FAILED = /^Program (\w+) failed: custom program error: 0x([0-9a-f]+)$/;
const ACCOUNT = /^Program log: AnchorError caused by account: (\S+)\. Error Code: (\w+)\. Error Number: (\d+)\. Error Message: (.*)\.$/;

function logsOf(err: unknown): string[] | undefined {
  if (err instanceof AnchorError) return err.logs;
  if (err instanceof SendTransactionError) return err.logs ?? undefined;
  if (err instanceof ProgramError) return err.logs;
  const maybe = err as { logs?: unknown; simulationResponse?: { logs?: unknown } };
  if (Array.isArray(maybe?.logs)) return maybe.logs as string[];
  if (Array.isArray(maybe?.simulationResponse?.logs)) return maybe.simulationResponse!.logs as string[];
  return undefined;
}

/**
 * The typed error behind `err`, or `err` itself when it is not a Groundwork program failure.
 * Program-specific codes (6000+) become the generated class (e.g. `NetworkErrors.StillUnbonding`);
 * account-check failures become `GroundworkAccountError` naming the account's role.
 */
export function toGroundworkError(err: unknown): Error {
  const logs = logsOf(err);
  if (!logs) return err instanceof Error ? err : new Error(String(err));
  // The first failure line is the innermost program that failed (a CPI fails before its caller).
  const first = logs.findIndex((l) => FAILED.test(l) || /^Program \w+ failed: /.test(l));
  if (first >= 0) {
    const failed = FAILED.exec(logs[first]);
    const program = failed ? registry.get(failed[1]) : undefined;
    if (failed && program) {
      const code = parseInt(failed[2], 16);
      const cls = program.errors.get(code);
      if (cls) return new cls(logs);
      const account = logs.map((l) => ACCOUNT.exec(l)).find((m) => m !== null);
      const name = account?.[2] ?? `Error${code}`;
      const description = account?.[4] ?? LangErrorMessage.get(code) ?? `custom program error ${code}`;
      return new GroundworkAccountError(program.name, code, name, description, account?.[1], logs);
    }
    // Another program (system, token) failed inside our instruction: say what it logged.
    const id = /^Program (\w+) failed/.exec(logs[first])?.[1] ?? "unknown";
    // What the failing program said: the nearest log line before its failure that is not
    // runtime bookkeeping ("consumed", "invoke").
    let said = "";
    for (let i = first - 1; i >= 0 && !said; i--) {
      if (logs[i].startsWith("Program log: ")) said = logs[i].slice("Program log: ".length);
      else if (!logs[i].startsWith("Program ")) said = logs[i];
    }
    return new GroundworkCpiError(id, said || logs[first], logs);
  }
  return err instanceof Error ? err : new Error(String(err));
}
