// `groundwork epoch`: the epoch clock and the rewards quorum — the current epoch, the next epoch to
// finalize, who voted for which root, finalized roots, emission and the schedule step (halving).
import type { Command } from "commander";
import { action, group } from "../action";
import { key, wholeNumber } from "../args";
import { CliError } from "../errors";

export function register(program: Command): void {
  const epoch = group(program, "epoch", "epoch clock, reward votes and roots, emission");
  epoch.command("status <network>").option("--epoch <n>", "the epoch whose votes to show (default: the next to finalize)")
    .description("current epoch, the quorum of an epoch (votes per root, threshold), the current root, emission and schedule step")
    .action(action(async (run, networkText: string, o: { epoch?: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const now = await run.now();
      const genesis = n.genesisTs.toNumber();
      const length = n.epochLengthSecs.toNumber();
      const current = now < genesis ? 0 : Math.floor((now - genesis) / length);
      const { fetchEpochVotes } = await import("../../rewards/accounts");
      const { rewardsConfigPda } = await import("../../rewards/pda");
      const { fundingModeOf } = await import("../../rewards/instructions");
      const cfg = await run.gw.ctx.rewards.account.rewardsConfig.fetchNullable(rewardsConfigPda(network));
      if (!cfg) throw new CliError("NOT_FOUND", `network ${network.toBase58()} has no rewards config`, "the team sets rewards up in the network's config file (`groundwork network deploy --file <config>`)");
      const next = cfg.nextEpoch.toNumber();
      const asked = o.epoch === undefined ? next : Number(wholeNumber(o.epoch, "--epoch", BigInt(Number.MAX_SAFE_INTEGER)));
      const votes = await fetchEpochVotes(run.gw.ctx.rewards, network, asked);
      // Votes grouped by root: the quorum is the threshold of the network's oracle set.
      const byRoot = new Map<string, { root: string; total: bigint; leafCount: bigint; oracles: string[] }>();
      for (let i = 0; votes && i < votes.count; i++) {
        const root = Buffer.from(votes.roots[i]).toString("hex");
        const entry = byRoot.get(root) ?? { root, total: BigInt(votes.totals[i].toString()), leafCount: BigInt(votes.leafCounts[i].toString()), oracles: [] };
        entry.oracles.push(votes.oracles[i].toBase58());
        byRoot.set(root, entry);
      }
      // The schedule entry in effect at the asked epoch's start: its index is the halving step.
      const start = genesis + asked * length;
      let step = -1;
      for (let i = 0; i < cfg.scheduleLen; i++) if (cfg.scheduleStartTs[i].toNumber() <= start) step = i;
      const t = (v: { toString(): string }) => run.tokens(n.mint, v);
      return {
        network, now, genesisTs: genesis, epochLengthSecs: length, currentEpoch: current, currentEpochEndsAt: genesis + (current + 1) * length,
        nextEpochToFinalize: next, epoch: asked, epochEndsAt: start + length, epochEnded: now >= start + length,
        oracleThreshold: n.oracleThreshold, oracles: n.oracleCount,
        votes: Array.from(byRoot.values()).map((v) => ({ root: v.root, total: v.total.toString(), leafCount: v.leafCount.toString(), votes: v.oracles.length, oracles: v.oracles })),
        finalized: votes ? votes.finalized !== 0 : false, finalizedAt: votes && votes.finalized ? votes.finalizedAt : undefined, emission: votes && votes.finalized ? await t(votes.emission) : undefined,
        scheduleStep: step, scheduledEmissionPerEpoch: step >= 0 ? await t(cfg.scheduleEmission[step]) : await t(0n),
        // Schedule entries not yet in effect: the pending emission changes (halvings) and when.
        upcomingSchedule: await Promise.all(Array.from({ length: cfg.scheduleLen }, (_, i) => i)
          .filter((i) => cfg.scheduleStartTs[i].toNumber() > now)
          .map(async (i) => ({ startTs: cfg.scheduleStartTs[i].toNumber(), emissionPerEpoch: (await t(cfg.scheduleEmission[i])).ui }))),
        currentRootEpoch: cfg.hasRoot ? cfg.currentRootEpoch : null, currentRoot: cfg.hasRoot ? Buffer.from(cfg.currentRoot).toString("hex") : null, currentRootTotal: await t(cfg.currentRootTotal),
        fundingMode: fundingModeOf(cfg.fundingMode), paused: cfg.paused !== 0,
        supplyCap: await t(cfg.supplyCap), totalEmitted: await t(cfg.totalEmitted), totalFunded: await t(cfg.totalFunded), totalClaimed: await t(cfg.totalClaimed), totalNetEmitted: await t(cfg.totalNetEmitted),
      };
    }));
}
