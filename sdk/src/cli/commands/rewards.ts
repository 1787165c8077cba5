// `groundwork rewards`: fund the vault (the team), claim (an operator or a crank), where an
// operator's rewards go (`rewards destination set|show|clear`: another wallet or a split). With --oracle,
// `status` shows an operator's earned (the node's archive), claimed (the chain) and claimable
// rewards, and `claim` fetches the proof from an oracle node, checks it against the on-chain root
// and claims (OperatorClient.claimFromOracle).
import type { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import type { Row } from "../output";
import { action, group, Run } from "../action";
import { key } from "../args";
import { CliError } from "../errors";

export function register(program: Command): void {
  const rewards = group(program, "rewards", "fund the rewards vault, claim rewards (operator or crank)");
  rewards.command("fund-vault <network> <amount>").description("vault mode: move tokens from the signer's associated account into the rewards vault (team)")
    .action(action(async (run, networkText: string, amountText: string) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const amount = await run.amountOf(n.mint, amountText);
      const { getAssociatedTokenAddressSync } = await import("@solana/spl-token");
      return { amount: await run.tokens(n.mint, amount), ...run.tx(await run.gw.team(run.me).fundRewardsVault(network, getAssociatedTokenAddressSync(n.mint, run.me.publicKey, true), amount)) };
    }));
  rewards.command("status <network>").description("active and pending roots, the parameters of the coming epochs, funding and claims; with --oracle, an operator's earned, claimed and claimable rewards")
    .option("--oracle <url>", "an oracle node's proofs API: the operator's cumulative, claimed and claimable amounts instead")
    .option("--wallet <key>", "with --oracle: another operator's wallet (default: the signer)")
    .action(action(async (run, networkText: string, o: { oracle?: string; wallet?: string }) => {
      const network = key(networkText, "network");
      if (o.wallet && !o.oracle) throw new CliError("USAGE", "--wallet goes with --oracle <url>", "`groundwork rewards status <network> --oracle <url> --wallet <operator>`");
      if (o.oracle) return operatorRewards(run, network, o.oracle, o.wallet ? key(o.wallet, "--wallet") : run.me.publicKey);
      const { fetchRewardsConfig, claimableRoot, pendingRoot, paramsForEpoch, reservedForOperators } = await import("../../rewards/accounts");
      const { fundingModeOf } = await import("../../rewards/instructions");
      const c = await fetchRewardsConfig(run.gw.ctx.rewards, network).catch(() => {
        throw new CliError("NOT_FOUND", `network ${network.toBase58()} has no rewards config`, "the team sets rewards up in the network's config file (`groundwork network deploy --file <config>`)");
      });
      const now = await run.now();
      const claimable = claimableRoot(c, now);
      const pending = pendingRoot(c, now);
      const prior = paramsForEpoch(c, BigInt(c.paramsEpoch.toString()) - 1n);
      const t = (v: { toString(): string }) => run.tokens(c.mint, v);
      return {
        network, fundingMode: fundingModeOf(c.fundingMode), paused: c.paused !== 0, nextEpochToFinalize: c.nextEpoch,
        claimableRoot: claimable ? claimable.root.toString("hex") : null, claimableRootEpoch: claimable?.epoch ?? null, claimableRootTotal: claimable ? await t(claimable.total) : null,
        pendingRoot: pending ? pending.root.toString("hex") : null, pendingRootEpoch: pending?.epoch ?? null, pendingActivatesAt: pending?.activatesAt ?? null,
        rootActivationDelaySecs: c.rootActivationDelaySecs,
        supplyCap: await t(c.supplyCap), operatorBps: c.operatorBps, netEmissionCap: await t(c.netEmissionCap), paramsFromEpoch: c.paramsEpoch,
        priorSupplyCap: await t(prior.supplyCap), priorOperatorBps: prior.operatorBps, priorNetEmissionCap: await t(prior.netEmissionCap),
        capCounted: await t(BigInt(c.initialSupply.toString()) + BigInt(c.totalEmitted.toString())),
        totalEmitted: await t(c.totalEmitted), totalFunded: await t(c.totalFunded), totalClaimed: await t(c.totalClaimed), reservedForOperators: await t(reservedForOperators(c)),
      };
    }));
  rewards.command("set-root-delay <network> <duration>").description("team: finalized roots wait this long (seconds, or 10m, 1h…), vetoable, before claims use them (0: at once; at most one epoch)")
    .action(action(async (run, networkText: string, delay: string) => {
      const { duration, wholeNumber } = await import("../args");
      const secs = /^\d+$/.test(delay.trim()) ? wholeNumber(delay, "delay") : BigInt(duration(delay, "delay"));
      return run.tx(await run.gw.team(run.me).setRootActivationDelay(key(networkText, "network"), secs));
    }));
  rewards.command("veto-root <network>").description("team: discard the root still waiting out its activation delay (claims keep the active root)")
    .action(action(async (run, networkText: string) => run.tx(await run.gw.team(run.me).vetoPendingRoot(key(networkText, "network")))));
  rewards.command("claim <network>").option("--proofs <file>", "the finalized epoch's proofs file").option("--oracle <url>", "fetch the signer's proof from an oracle node's proofs API instead (checked against the on-chain root)")
    .description("claim the signer's rewards (cumulative: claims everything not yet claimed), from --proofs <file> or --oracle <url>")
    .action(action(async (run, networkText: string, o: { proofs?: string; oracle?: string }) => {
      const { fetchClaimed } = await import("../../rewards/accounts");
      const network = key(networkText, "network");
      if (o.proofs && o.oracle) throw new CliError("USAGE", "give --proofs <file> or --oracle <url>, not both");
      if (!o.proofs && !o.oracle) throw new CliError("USAGE", "give --proofs <file> or --oracle <url>", "the proofs file the oracles published for the epoch, or an oracle node's URL");
      const n = await run.network(network);
      if (o.oracle) {
        const before = await fetchClaimed(run.gw.ctx.rewards, network, run.me.publicKey);
        const sent = await run.gw.operator(network, run.me).claimFromOracle(o.oracle);
        if (!sent) return { operator: run.me.publicKey, paid: await run.tokens(n.mint, 0n), note: "nothing to claim" };
        return { operator: run.me.publicKey, cumulative: await run.tokens(n.mint, sent.amount), paid: await run.tokens(n.mint, sent.amount - before), ...run.tx(sent) };
      }
      const { readProofsFile } = await import("../../rewards/merkle");
      if (!o.proofs) throw new CliError("USAGE", "give --proofs <file> or --oracle <url>");
      const file = readProofsFile(o.proofs);
      const entry = file.claims.find((c) => c.operator === run.me.publicKey.toBase58());
      if (!entry) throw new CliError("NOT_FOUND", `no leaf for ${run.me.publicKey.toBase58()} in ${o.proofs}`, "claim with the operator's keypair (-k), or use `rewards claim-all` to claim for everyone in the file");
      const before = await fetchClaimed(run.gw.ctx.rewards, network, run.me.publicKey);
      const sent = await run.gw.operator(network, run.me).claim(entry);
      return { epoch: file.epoch, cumulative: await run.tokens(n.mint, BigInt(entry.amount)), paid: await run.tokens(n.mint, BigInt(entry.amount) - before), ...run.tx(sent) };
    }));
  const destination = rewards.command("destination").description("where an operator's rewards go: its own wallet (default), another wallet, or a split among up to 4 wallets");
  destination.command("set <network> <recipients...>")
    .description("operator: send rewards to <wallet> (all of them), or split them: <wallet>:<bps> … (basis points summing to 10000; the first recipient also gets rounding remainders). Applies to everything claimed afterwards, including rewards earned before: claim first to settle those")
    .action(action(async (run, networkText: string, recipientTexts: string[]) => {
      const network = key(networkText, "network");
      await run.network(network);
      const recipients = parseRecipients(recipientTexts);
      const { splitProblem } = await import("../../rewards/instructions");
      const problem = splitProblem(recipients, network);
      if (problem) throw new CliError("INVALID_ARGUMENT", `invalid reward split: ${problem}`, "e.g. `rewards destination set <network> <host-wallet>` or `rewards destination set <network> <operator>:7000 <host>:2000 <maker>:1000`");
      const sent = await run.gw.operator(network, run.me).setRewardSplit(recipients);
      return { operator: run.me.publicKey, recipients: recipients.map((r) => `${r.wallet.toBase58()}:${r.bps}`).join(" "), ...run.tx(sent) };
    }));
  destination.command("show <network>").description("where an operator's rewards go (recipients and basis points, in the order a claim pays them)")
    .option("--wallet <key>", "another operator's wallet (default: the signer)")
    .action(action(async (run, networkText: string, o: { wallet?: string }) => {
      const network = key(networkText, "network");
      await run.network(network);
      const operator = o.wallet ? key(o.wallet, "--wallet") : run.me.publicKey;
      const split = await run.gw.operator(network, operator).rewardSplit();
      if (!split) return { operator, destination: "own wallet", recipients: operator.toBase58() + ":10000" };
      const kind = split.recipients.length === 1 ? "wallet" : "split";
      return { operator, destination: kind, recipients: split.recipients.map((r) => `${r.wallet.toBase58()}:${r.bps}`).join(" ") };
    }));
  destination.command("clear <network>").description("operator: rewards go to its own wallet again (the split account's rent comes back to it)")
    .action(action(async (run, networkText: string) => {
      const network = key(networkText, "network");
      await run.network(network);
      return { operator: run.me.publicKey, destination: "own wallet", ...run.tx(await run.gw.operator(network, run.me).clearRewardSplit()) };
    }));
  rewards.command("claim-all <network>").requiredOption("--proofs <file>", "the finalized epoch's proofs file").description("claim for every operator in a proofs file (payouts go to each operator; the signer pays fees)")
    .action(action(async (run, networkText: string, o: { proofs: string }) => {
      const { readProofsFile } = await import("../../rewards/merkle");
      const { Progress } = await import("../output");
      const network = key(networkText, "network");
      await run.network(network);
      const file = readProofsFile(o.proofs);
      const progress = new Progress("claiming", file.claims.length);
      let last = 0;
      const sent = await run.gw.claimBatch(network, file.claims, (done) => { progress.tick(done - last); last = done; });
      return { claims: file.claims.length, transactions: sent.length, computeUnits: sent.reduce((s, t) => s + t.computeUnits, 0) };
    }));
}

/** `<wallet>` (all rewards) or `<wallet>:<bps>` per recipient. */
function parseRecipients(texts: string[]): { wallet: PublicKey; bps: number }[] {
  if (texts.length === 1 && !texts[0].includes(":")) return [{ wallet: key(texts[0], "recipient wallet"), bps: 10_000 }];
  return texts.map((t) => {
    const [wallet, bps, extra] = t.split(":");
    if (bps === undefined || extra !== undefined || !/^\d+$/.test(bps)) {
      throw new CliError("INVALID_ARGUMENT", `recipient ${JSON.stringify(t)} is not <wallet>:<bps>`, "give one wallet alone (all rewards), or every recipient as <wallet>:<basis points>, summing to 10000");
    }
    return { wallet: key(wallet, "recipient wallet"), bps: Number(bps) };
  });
}

/** `rewards status <network> --oracle <url>`: one operator's rewards, earned per the node, claimed per the chain. */
async function operatorRewards(run: Run, network: PublicKey, oracle: string, operator: PublicKey): Promise<Row> {
  const { OracleApiClient, OracleAnswerError } = await import("../../oracle-node/api/client");
  const { fetchClaimed } = await import("../../rewards/accounts");
  const n = await run.network(network);
  const r = await new OracleApiClient(oracle).operatorRewards(operator);
  if (r.operator !== operator.toBase58() || r.network !== network.toBase58()) throw new OracleAnswerError(oracle, `the oracle node answered for ${r.operator} in ${r.network}`);
  // Claimed is read from the chain: the node's word is not needed for it.
  const claimed = await fetchClaimed(run.gw.ctx.rewards, network, operator);
  const cumulative = BigInt(r.cumulative);
  return {
    operator, epoch: r.epoch, root: r.root,
    cumulative: await run.tokens(n.mint, cumulative), claimed: await run.tokens(n.mint, claimed), claimable: await run.tokens(n.mint, cumulative > claimed ? cumulative - claimed : 0n),
  };
}
