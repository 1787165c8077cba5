// `groundwork network`: create and govern a network (the team).
import type { Command } from "commander";
import { action, group } from "../action";
import { key, txRow } from "../args";

export function register(program: Command): void {
  const net = group(program, "network", "create and govern a network (team)");
  net.command("create").requiredOption("--file <file>", "JSON network config (see docs/quickstart-team.md)").action(action(async ({ gw }, o: { file: string }) => {
    const fs = await import("fs");
    const { parseNetworkConfig } = await import("../networkConfig");
    const created = await gw.team().createNetwork(parseNetworkConfig(JSON.parse(fs.readFileSync(o.file, "utf8"))));
    return { network: created.network, stakeVault: created.stakeVault, treasury: created.treasury, dcMint: created.dcMint ?? null, rewardsVault: created.rewardsVault ?? null, transactions: created.transactions.map(txRow) };
  }));
  net.command("show <network>").action(action(async ({ gw }, network: string) => {
    const { fetchNetwork } = await import("../../network/accounts");
    const n = await fetchNetwork(gw.ctx.network, key(network, "network"));
    return {
      network, authority: n.authority, pendingAuthority: n.pendingAuthority, mint: n.mint, stakeVault: n.stakeVault, treasury: n.treasury,
      epochLengthSecs: n.epochLengthSecs, genesisTs: n.genesisTs, stakePerDevice: n.stakePerDevice, minOperatorStake: n.minOperatorStake,
      unbondingSecs: n.unbondingSecs, slashDisputeWindowSecs: n.slashDisputeWindowSecs, maxSlashBps: n.maxSlashBps,
      oracles: n.oracles.slice(0, n.oracleCount), oracleThreshold: n.oracleThreshold, paused: n.paused,
      operators: n.operatorCount, activeDevices: n.activeDeviceCount, totalActiveStake: n.totalActiveStake, totalUnbondingStake: n.totalUnbondingStake, totalSlashed: n.totalSlashed,
    };
  }));
  net.command("set-oracles <network>").requiredOption("--oracle <key...>", "oracle keys").requiredOption("--threshold <m>", "approvals needed")
    .action(action(async ({ gw }, network: string, o: { oracle: string[]; threshold: string }) =>
      txRow(await gw.team().setOracles(key(network), o.oracle.map((k) => key(k, "oracle")), Number(o.threshold)))));
  net.command("pause <network>").option("--staking").option("--registration").option("--slashing").description("pause features (all when none named)")
    .action(action(async ({ gw }, network: string, o: { staking?: boolean; registration?: boolean; slashing?: boolean }) => {
      const { PAUSE } = await import("../../network/instructions");
      const flags = (o.staking ? PAUSE.staking : 0) | (o.registration ? PAUSE.registration : 0) | (o.slashing ? PAUSE.slashing : 0);
      return txRow(await gw.team().setPaused(key(network), flags || PAUSE.staking | PAUSE.registration | PAUSE.slashing));
    }));
  net.command("resume <network>").action(action(async ({ gw }, network: string) => txRow(await gw.team().setPaused(key(network), 0))));
  net.command("propose-authority <network> <newAuthority>").action(action(async ({ gw }, network: string, next: string) => txRow(await gw.team().proposeAuthority(key(network), key(next)))));
  net.command("accept-authority <network>").description("signed by the proposed authority").action(action(async ({ gw }, network: string) => txRow(await gw.team().acceptAuthority(key(network)))));
  net.command("unjail <network> <operatorWallet>").action(action(async ({ gw }, network: string, op: string) => txRow(await gw.team().unjail(key(network), key(op)))));
}
