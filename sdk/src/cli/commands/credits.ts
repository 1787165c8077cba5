// `groundwork credits`: buy, spend and delegate data credits (a customer).
import type { Command } from "commander";
import { action, group } from "../action";
import { amount, hex32, key, txRow } from "../args";

export function register(program: Command): void {
  const credits = group(program, "credits", "buy, spend and delegate data credits (customer)");
  credits.command("open <network>").description("create the signer's credits account").action(action(async ({ gw }, network: string) => txRow(await gw.customer(key(network)).openCreditsAccount())));
  credits.command("buy <network> <tokenAmount>").option("--min-out <credits>", "slippage guard", "0").option("--recipient <wallet>", "buy for someone else")
    .action(action(async ({ gw }, network: string, a: string, o: { minOut: string; recipient?: string }) => {
      const r = await gw.customer(key(network)).buyCredits(amount(a), { minCreditsOut: amount(o.minOut), recipient: o.recipient ? key(o.recipient) : undefined });
      return { credits: r.credits, ...txRow(r) };
    }));
  credits.command("spend <network> <amount>").option("--usage-ref <hex>", "32-byte usage reference", "00".repeat(32)).option("--holder <wallet>", "spend a holder's credits as its delegate")
    .action(action(async ({ gw }, network: string, a: string, o: { usageRef: string; holder?: string }) => {
      const c = gw.customer(key(network));
      const ref = hex32(o.usageRef, "usage ref");
      return txRow(o.holder ? await c.spendAsDelegate(key(o.holder), amount(a), ref) : await c.spend(amount(a), ref));
    }));
  credits.command("delegate <network> <provider> <allowance>").action(action(async ({ gw }, network: string, p: string, a: string) => txRow(await gw.customer(key(network)).delegate(key(p), amount(a)))));
  credits.command("revoke <network> <provider>").action(action(async ({ gw }, network: string, p: string) => txRow(await gw.customer(key(network)).revoke(key(p)))));
  credits.command("balance <network>").option("--wallet <key>", "another holder").action(action(async ({ ctx, gw }, network: string, o: { wallet?: string }) => {
    const who = o.wallet ? key(o.wallet) : ctx.wallet.publicKey;
    const b = await gw.customer(key(network), who).balances();
    return { wallet: who, tokens: b.tokens, credits: b.credits };
  }));
}
