// `groundwork network`: create, deploy and govern a network (the team).
import type { Command } from "commander";
import type { Run } from "../action";
import { action, group } from "../action";
import { key, smallNumber } from "../args";
import { CliError } from "../errors";

/**
 * `network create --file` and `network deploy --file`: the deploy flow with the CLI's confirmation.
 * A dry run on a cluster computes the differences and sends nothing; on the embedded SVM it runs
 * them in memory (the action does not save).
 */
async function deployFile(run: Run, file: string, mustCreate: boolean) {
  const { deploy, loadDeployConfig } = await import("../../deploy");
  const config = loadDeployConfig(file);
  const result = await deploy(run.ctx.provider, config, {
    dryRun: run.ctx.dryRun && !run.ctx.svm,
    mustCreate,
    authority: run.me,
    sendOptions: run.ctx.sendOptions,
    confirmMintHandover: (explanation) => run.confirm(explanation),
  });
  return result;
}

export function register(program: Command): void {
  const net = group(program, "network", "create, deploy and govern a network (team)");
  net.command("create").requiredOption("--file <file>", "network config file (JSON; the format of deploy/README.md)")
    .description("create the network a config file describes (the mint too, when the file gives its keypair); fails if it exists")
    .action(action(async (run, o: { file: string }) => {
      const result = await deployFile(run, o.file, true);
      const { stakeVaultPda } = await import("../../network/pda");
      const { rewardsConfigPda, rewardsVaultPda } = await import("../../rewards/pda");
      const { creditsConfigPda } = await import("../../credits/pda");
      const n = await run.network(result.network).catch(() => null);
      const credits = await run.gw.ctx.credits.account.creditsConfig.fetchNullable(creditsConfigPda(result.network));
      const rewards = await run.gw.ctx.rewards.account.rewardsConfig.fetchNullable(rewardsConfigPda(result.network));
      return {
        network: result.network, mint: result.mint, stakeVault: stakeVaultPda(result.network), treasury: n?.treasury ?? null,
        dcMint: credits?.dcMint ?? null, rewardsVault: rewards ? rewardsVaultPda(result.network) : null,
        changes: result.changes.map((c) => c.action), ...run.txs(result.transactions),
      };
    }));
  net.command("deploy").requiredOption("--file <file>", "network config file (JSON; the format of deploy/README.md)")
    .description("create the network of a config file, or send only what differs from the chain (--dry-run lists the differences)")
    .action(action(async (run, o: { file: string }) => {
      const result = await deployFile(run, o.file, false);
      return { network: result.network, mint: result.mint, upToDate: result.changes.length === 0, changes: result.changes.map((c) => `${c.action}${c.details.length ? `: ${c.details.join("; ")}` : ""}`), ...run.txs(result.transactions) };
    }));
  net.command("show <network>").description("a network's parameters, oracle set, pause flags, totals and queued governance changes").action(action(async (run, networkText: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const t = (v: { toString(): string }) => run.tokens(n.mint, v);
    const { pendingGovernance } = await import("../../network/accounts");
    const { pendingRows } = await import("./governance");
    const pending = pendingRows(pendingGovernance(n, await run.now()));
    return {
      network, authority: n.authority, pendingAuthority: n.pendingAuthority, mint: n.mint, stakeVault: n.stakeVault, treasury: n.treasury,
      epochLengthSecs: n.epochLengthSecs, genesisTs: n.genesisTs, stakePerDevice: await t(n.stakePerDevice), minOperatorStake: await t(n.minOperatorStake),
      unbondingSecs: n.unbondingSecs, slashDisputeWindowSecs: n.slashDisputeWindowSecs, maxSlashBps: n.maxSlashBps,
      unbondingFloorSecs: n.unbondingFloorSecs, disputeWindowFloorSecs: n.disputeWindowFloorSecs,
      oracles: n.oracles.slice(0, n.oracleCount), oracleThreshold: n.oracleThreshold, paused: n.paused,
      operators: n.operatorCount, activeDevices: n.activeDeviceCount, totalActiveStake: await t(n.totalActiveStake), totalUnbondingStake: await t(n.totalUnbondingStake), totalSlashed: await t(n.totalSlashed),
      pendingGovernance: pending.length === 0 ? "none" : pending.map((r) => `${r.kind} at ${r.appliesAt}${r.due ? " (due: governance apply)" : ""}`).join("; "),
    };
  }));
  net.command("set-oracles <network>").requiredOption("--oracle <key...>", "oracle keys (1–16)").requiredOption("--threshold <m>", "approvals needed (1 to the number of oracles)")
    .action(action(async (run, networkText: string, o: { oracle: string[]; threshold: string }) => {
      const oracles = o.oracle.map((k) => key(k, "oracle"));
      if (oracles.length > 16) throw new CliError("INVALID_ARGUMENT", `at most 16 oracles (got ${oracles.length})`);
      const threshold = smallNumber(o.threshold, "--threshold", oracles.length, 1);
      return run.tx(await run.gw.team(run.me).setOracles(key(networkText, "network"), oracles, threshold));
    }));
  net.command("pause <network>").option("--staking").option("--registration").option("--slashing").description("pause features (all when none named)")
    .action(action(async (run, networkText: string, o: { staking?: boolean; registration?: boolean; slashing?: boolean }) => {
      const { PAUSE } = await import("../../network/instructions");
      const flags = (o.staking ? PAUSE.staking : 0) | (o.registration ? PAUSE.registration : 0) | (o.slashing ? PAUSE.slashing : 0);
      return run.tx(await run.gw.team(run.me).setPaused(key(networkText, "network"), flags || PAUSE.staking | PAUSE.registration | PAUSE.slashing));
    }));
  net.command("resume <network>").description("clear every pause flag").action(action(async (run, networkText: string) => run.tx(await run.gw.team(run.me).setPaused(key(networkText, "network"), 0))));
  net.command("propose-authority <network> <newAuthority>").description("step one of a handover (the new authority accepts)")
    .action(action(async (run, networkText: string, next: string) => run.tx(await run.gw.team(run.me).proposeAuthority(key(networkText, "network"), key(next, "new authority")))));
  net.command("accept-authority <network>").description("step two, signed by the proposed authority").action(action(async (run, networkText: string) => run.tx(await run.gw.team(run.me).acceptAuthority(key(networkText, "network")))));
  net.command("set-treasury <network> <treasury>").description("queue a new treasury token account (applies after the governance timelock: `governance pending`)")
    .action(action(async (run, networkText: string, t: string) => run.tx(await run.gw.team(run.me).setTreasury(key(networkText, "network"), key(t, "treasury")))));
  net.command("unjail <network> <operatorWallet>").description("clear an operator's jailed flag after a slash (once its stake covers its devices)")
    .action(action(async (run, networkText: string, op: string) => run.tx(await run.gw.team(run.me).unjail(key(networkText, "network"), key(op, "operator wallet")))));
}
