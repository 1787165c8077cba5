// The oracle-node side of `groundwork rewards`: `rewards status <network> --oracle <url>` (what an
// operator has earned, from the node's archive, claimed, from the chain, and can claim) and the
// `--oracle` path of `rewards claim`, which fetches the proof from a node and claims
// (OperatorClient.claimFromOracle). Both are wired into the rewards commands in main.ts.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import { createContext, GlobalOptions } from "../context";
import { print, Row } from "../output";
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

/** `rewards claim <network> --oracle <url>`: fetch, check against the claimable on-chain root, claim. */
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

/** `rewards status <network> --oracle <url>`: the operator's row. */
export async function operatorRewardsRow(gw: Groundwork, network: PublicKey, oracle: string, who: PublicKey): Promise<Row> {
  const r = await new OracleApiClient(oracle).operatorRewards(who);
  // Claimed is read from the chain here: the node's word is not needed for it.
  const claimed = await fetchClaimed(gw.ctx.rewards, network, who);
  const cumulative = BigInt(r.cumulative);
  return { operator: who, epoch: r.epoch, root: r.root, cumulative, claimed, claimable: cumulative > claimed ? cumulative - claimed : 0n };
}
