// `groundwork rewards`: fund the vault, claim (an operator or a crank).
import type { Command } from "commander";
import { action, group } from "../action";
import { amount, key, txRow } from "../args";

export function register(program: Command): void {
  const rewards = group(program, "rewards", "claim rewards (operator or crank)");
  rewards.command("fund-vault <network> <amount>").description("vault mode: move tokens from the signer's associated account into the rewards vault (team)")
    .action(action(async ({ ctx, gw }, network: string, a: string) => {
      const { getAssociatedTokenAddressSync } = await import("@solana/spl-token");
      const { fetchNetwork } = await import("../../network/accounts");
      const n = await fetchNetwork(gw.ctx.network, key(network, "network"));
      return txRow(await gw.team().fundRewardsVault(key(network), getAssociatedTokenAddressSync(n.mint, ctx.wallet.publicKey, true), amount(a)));
    }));
  rewards.command("claim <network>").requiredOption("--proofs <file>").action(action(async ({ ctx, gw }, network: string, o: { proofs: string }) => {
    const { readProofsFile } = await import("../../rewards/merkle");
    const file = readProofsFile(o.proofs);
    const entry = file.claims.find((c) => c.operator === ctx.wallet.publicKey.toBase58());
    if (!entry) throw new Error(`no leaf for ${ctx.wallet.publicKey.toBase58()} in ${o.proofs}`);
    return { amount: entry.amount, ...txRow(await gw.operator(key(network)).claim(entry)) };
  }));
  rewards.command("claim-all <network>").requiredOption("--proofs <file>").description("claim for every operator in a proofs file (payouts go to each operator)")
    .action(action(async ({ gw }, network: string, o: { proofs: string }) => {
      const { readProofsFile } = await import("../../rewards/merkle");
      const { Progress } = await import("../output");
      const file = readProofsFile(o.proofs);
      const progress = new Progress("claiming", file.claims.length);
      let last = 0;
      const sent = await gw.claimBatch(key(network), file.claims, (done) => { progress.tick(done - last); last = done; });
      return { claims: file.claims.length, transactions: sent.length, computeUnits: sent.reduce((s, t) => s + t.computeUnits, 0) };
    }));
}
