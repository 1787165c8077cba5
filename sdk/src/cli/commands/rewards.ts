// `groundwork rewards status <network> --oracle <url>`: what an operator has earned (cumulative,
// from the node's archive), claimed (chain) and can claim; and the `--oracle` path of
// `rewards claim`, which fetches the proof from a node and claims (OperatorClient.claimFromOracle).
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import { createContext, GlobalOptions } from "../context";
import { print } from "../output";
import { Groundwork } from "../../groundwork";
import { OracleApiClient } from "../../oracle-node/api/client";
import { fetchClaimed } from "../../rewards/accounts";

const key = (s: string, what: string): PublicKey => {
  try {
    return new PublicKey(s);
  } catch {
    throw new Error(`${what} is not a base58 public key: ${s}`);
  }
};

/** `rewards claim <network> --oracle <url>`: fetch, check against the on-chain root, claim. */
export async function claimFromOracleCommand(program: Command, network: string, oracle: string): Promise<void> {
  const opts = program.opts<GlobalOptions>();
  const ctx = createContext(opts);
  const gw = Groundwork.connect(ctx.provider);
  const sent = await gw.operator(key(network, "network"), ctx.wallet).claimFromOracle(oracle);
  ctx.save();
  print(Boolean(opts.json), sent
    ? { operator: ctx.wallet.publicKey, amount: sent.amount, claimed: sent.claimable, signature: sent.signature, computeUnits: sent.computeUnits }
    : { operator: ctx.wallet.publicKey, claimed: 0n, note: "nothing to claim" });
}

export function registerRewardsCommands(program: Command): void {
  const rewards = program.commands.find((c) => c.name() === "rewards") ?? program.command("rewards").description("rewards");
  rewards.command("status <network>")
    .description("cumulative earned, claimed and claimable rewards of an operator, from an oracle node and the chain")
    .requiredOption("--oracle <url>", "an oracle node's base URL")
    .option("--wallet <key>", "another operator's wallet")
    .action(async (network: string, o: { oracle: string; wallet?: string }) => {
      const opts = program.opts<GlobalOptions>();
      const ctx = createContext(opts);
      const who = o.wallet ? key(o.wallet, "wallet") : ctx.wallet.publicKey;
      const r = await new OracleApiClient(o.oracle).operatorRewards(who);
      // Claimed is read from the chain here too: the node's word is not needed for it.
      const claimed = await fetchClaimed(Groundwork.connect(ctx.provider).ctx.rewards, key(network, "network"), who);
      const cumulative = BigInt(r.cumulative);
      print(Boolean(opts.json), { operator: who, epoch: r.epoch, root: r.root, cumulative, claimed, claimable: cumulative > claimed ? cumulative - claimed : 0n });
    });
}
