// `groundwork token`: SPL token helpers for localnets, devnet and the embedded SVM.
import type { Command } from "commander";
import { action, group } from "../action";
import { amount, key } from "../args";

export function register(program: Command): void {
  const token = group(program, "token", "SPL token helpers");
  token.command("create-mint").option("--decimals <n>", "decimals", "6").description("a mint with the signer as mint authority and no freeze authority")
    .action(action(async ({ ctx }, o: { decimals: string }) => {
      const { createMint } = await import("@solana/spl-token");
      const mint = await createMint(ctx.provider.connection, ctx.wallet, ctx.wallet.publicKey, null, Number(o.decimals));
      return { mint };
    }));
  token.command("mint <mint> <owner> <amount>").description("mint to owner's associated account (signer is mint authority)")
    .action(action(async ({ ctx }, mint: string, owner: string, amt: string) => {
      const { createAssociatedTokenAccountIdempotent, mintTo } = await import("@solana/spl-token");
      const ata = await createAssociatedTokenAccountIdempotent(ctx.provider.connection, ctx.wallet, key(mint, "mint"), key(owner, "owner"));
      const signature = await mintTo(ctx.provider.connection, ctx.wallet, key(mint), ata, ctx.wallet, amount(amt));
      return { account: ata, signature };
    }));
  token.command("balance <mint> [owner]").action(action(async ({ ctx }, mint: string, owner?: string) => {
    const { getAccount, getAssociatedTokenAddressSync } = await import("@solana/spl-token");
    const ata = getAssociatedTokenAddressSync(key(mint), owner ? key(owner) : ctx.wallet.publicKey, true);
    const bal = await getAccount(ctx.provider.connection, ata).then((a) => a.amount).catch(() => 0n);
    return { account: ata, amount: bal };
  }));
}
