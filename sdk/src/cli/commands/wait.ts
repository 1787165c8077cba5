// `groundwork wait`: until the chain's clock reaches the moment something becomes possible — an
// epoch has ended (its root can be submitted), an operator's unbonding stake can be withdrawn, an
// approved slash can be executed. The moment is computed from the chain's accounts as the programs
// compute it. On a cluster the command polls the Clock sysvar until then (./clock.ts); the embedded
// SVM has no clock of its own, so there it moves the clock to that moment at once (like `dev warp`).
import type { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import type { Run } from "../action";
import type { Row } from "../output";
import { action, group } from "../action";
import { key, wholeNumber } from "../args";
import { CliError } from "../errors";

const TIMEOUT_HELP = "give up after this many seconds of waiting (exit code 7, WAIT_TIMEOUT); default: no limit. No effect on the embedded SVM";
const EMBEDDED_NOTE = "\nOn a cluster it polls the cluster's clock (the Clock sysvar) until then. On the embedded SVM, which has no clock of its own, it moves the clock to that moment at once.";

/** A `--timeout` in whole seconds (≥ 1). */
function timeoutSecs(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(wholeNumber(text, "--timeout (seconds)", BigInt(Number.MAX_SAFE_INTEGER) / 1000n, 1n));
}

/**
 * Waits until the chain's clock reads `target`, for `what`: polls a cluster, warps the embedded
 * SVM. Prints the target on stderr first for a person watching (not under --output json, whose
 * stderr carries only errors), and returns the moment and what it took.
 */
async function waitUntil(run: Run, target: number, what: string, timeoutText: string | undefined): Promise<Row> {
  const timeout = timeoutSecs(timeoutText);
  const { utc, waitForChainTime } = await import("../clock");
  const { SvmConnection } = await import("../../svm/connection");
  const connection = run.ctx.provider.connection;
  const before = await run.now();
  const common = { waitedFor: what, until: target, untilUtc: utc(target) };
  if (connection instanceof SvmConnection) {
    // The embedded chain: move its clock there (never backwards).
    connection.warpTo(target);
    const now = connection.unixTimestamp();
    return { ...common, now, movedClockSecs: now - before, embedded: true };
  }
  if (!run.ctx.json && before < target) process.stderr.write(`waiting for ${what}: until ${utc(target)} (unix ${target}, ${target - before} s from the cluster's clock)\n`);
  const outcome = await waitForChainTime({
    chainNow: () => run.now(),
    wallNowMs: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }, target, what, timeout);
  return { ...common, now: outcome.chainNow, waitedSecs: Math.round(outcome.waitedMs / 100) / 10 };
}

/** When an operator's unbonding stake can be withdrawn (the program: `now >= unbonding_unlock_ts`). */
async function unbondedAt(run: Run, network: PublicKey, wallet: PublicKey): Promise<number> {
  const { fetchOperator } = await import("../../network/accounts");
  const op = await fetchOperator(run.gw.ctx.network, network, wallet);
  if (!op) throw new CliError("NOT_REGISTERED", `${wallet.toBase58()} is not registered as an operator of ${network.toBase58()}`, "check the network and --operator (default: the signer)");
  if (op.unbondingStake.isZero()) {
    throw new CliError("NOTHING_TO_WAIT_FOR", `${wallet.toBase58()} has no stake unbonding in ${network.toBase58()}: nothing becomes withdrawable`, "unstake first: `groundwork operator unstake <network> <amount>`", { reason: "nothing unbonding" });
  }
  return op.unbondingUnlockTs.toNumber();
}

export function register(program: Command): void {
  const wait = group(program, "wait", "wait until an epoch has ended, stake has unbonded, a slash can execute (on the embedded SVM: move the clock there)");
  wait.command("epoch <network>").option("--epoch <n>", "the epoch that must have ended (default: the current one)").option("--timeout <secs>", TIMEOUT_HELP)
    .description("wait until an epoch of the network has ended, so that its reward root can be submitted")
    .addHelpText("after", EMBEDDED_NOTE)
    .action(action(async (run, networkText: string, o: { epoch?: string; timeout?: string }) => {
      const network = key(networkText, "network");
      timeoutSecs(o.timeout);
      const n = await run.network(network);
      const genesis = BigInt(n.genesisTs.toString());
      const length = BigInt(n.epochLengthSecs.toString());
      let epoch: bigint;
      if (o.epoch !== undefined) epoch = wholeNumber(o.epoch, "--epoch", BigInt(Number.MAX_SAFE_INTEGER));
      else {
        // The program's epoch_at: epoch 0 until genesis has passed.
        const now = BigInt(await run.now());
        epoch = now <= genesis ? 0n : (now - genesis) / length;
      }
      // Epoch e has ended once epoch_at(now) > e, i.e. at genesis + (e + 1) × length.
      const target = genesis + (epoch + 1n) * length;
      if (target > BigInt(Number.MAX_SAFE_INTEGER)) throw new CliError("INVALID_ARGUMENT", `epoch ${epoch} ends too far in the future (unix ${target})`);
      return { epoch: Number(epoch), ...(await waitUntil(run, Number(target), `the end of epoch ${epoch} of ${network.toBase58()}`, o.timeout)) };
    }));
  wait.command("unbonded <network>").option("--operator <wallet>", "the operator's wallet (default: the signer)").option("--timeout <secs>", TIMEOUT_HELP)
    .description("wait until the operator's unbonding stake can be withdrawn (`operator withdraw`)")
    .addHelpText("after", EMBEDDED_NOTE)
    .action(action(async (run, networkText: string, o: { operator?: string; timeout?: string }) => {
      const network = key(networkText, "network");
      const wallet = o.operator ? key(o.operator, "--operator") : run.me.publicKey;
      timeoutSecs(o.timeout);
      await run.network(network);
      const target = await unbondedAt(run, network, wallet);
      return { operator: wallet, ...(await waitUntil(run, target, `${wallet.toBase58()}'s unbonding stake in ${network.toBase58()}`, o.timeout)) };
    }));
  wait.command("slash <network> <id>").option("--timeout <secs>", TIMEOUT_HELP)
    .description("wait until an approved slash proposal's dispute window has passed, so that it can be executed (`slash execute`)")
    .addHelpText("after", EMBEDDED_NOTE)
    .action(action(async (run, networkText: string, id: string, o: { timeout?: string }) => {
      const network = key(networkText, "network");
      const proposalId = wholeNumber(id, "proposal id");
      timeoutSecs(o.timeout);
      const n = await run.network(network);
      const { findSlashProposalById, slashState } = await import("../../network/accounts");
      const { slashStatusOf } = await import("../../network/instructions");
      const found = await findSlashProposalById(run.gw.ctx.network, network, proposalId);
      if (!found) throw new CliError("NOT_FOUND", `no slash proposal ${id} in ${network.toBase58()}`, "`groundwork slash list <network>` lists them");
      const p = found.account;
      const status = slashStatusOf(p.status);
      if (status !== "pending" && status !== "approved") {
        throw new CliError("NOTHING_TO_WAIT_FOR", `slash proposal ${id} is ${status}: it will never be executable`, "`groundwork slash show <network> <id>` shows it", { reason: status });
      }
      const live = slashState(p, n, await run.now());
      if (live.executableAt === null) {
        throw new CliError("NOTHING_TO_WAIT_FOR", `slash proposal ${id} has no quorum (${p.approvalCount} approval(s), threshold ${n.oracleThreshold})${live.expired ? " and its approval period is over" : ""}: its dispute window has not started`,
          live.expired ? "an expired proposal never executes; `groundwork slash refresh <network> <id>` closes it" : "more oracles must approve first (`groundwork slash approve <network> <id>`)", { reason: live.expired ? "expired" : "no quorum", approvals: p.approvalCount, threshold: n.oracleThreshold });
      }
      return { id: Number(proposalId), ...(await waitUntil(run, live.executableAt, `slash proposal ${id} of ${network.toBase58()} to become executable`, o.timeout)) };
    }));
}
