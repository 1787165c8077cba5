// `groundwork credits`: buy, spend and delegate data credits (a customer), and inspect a network's
// credits config, circuit-breaker headroom and delegations. Token amounts are UI units of the
// network's token; credits are whole numbers (the DC mint has 0 decimals).
import type { Command } from "commander";
import { action, group } from "../action";
import { hex32, key, wholeNumber } from "../args";
import { CliError } from "../errors";

const credits = (s: string, what = "credits") => {
  const v = wholeNumber(s, what);
  if (v === 0n) throw new CliError("INVALID_ARGUMENT", `${what} must be greater than zero`);
  return v;
};

export function register(program: Command): void {
  const cr = group(program, "credits", "buy, spend and delegate data credits (customer); config and breaker");
  cr.command("open <network>").description("create the signer's credits account").action(action(async (run, networkText: string) => run.tx(await run.gw.customer(key(networkText, "network"), run.me).openCreditsAccount())));
  cr.command("buy <network> <tokenAmount>").option("--min-out <credits>", "slippage guard: fail (burning nothing) if fewer credits would come out", "0").option("--recipient <wallet>", "buy for someone else's credits account")
    .description("burn network tokens for data credits at the network's price")
    .action(action(async (run, networkText: string, amountText: string, o: { minOut: string; recipient?: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const amount = await run.amountOf(n.mint, amountText, "token amount");
      const minOut = wholeNumber(o.minOut, "--min-out");
      const r = await run.gw.customer(network, run.me).buyCredits(amount, { minCreditsOut: minOut, recipient: o.recipient ? key(o.recipient, "--recipient") : undefined });
      return { burned: await run.tokens(n.mint, amount), credits: r.credits, ...run.tx(r) };
    }));
  cr.command("spend <network> <credits>").option("--usage-ref <hex>", "32-byte usage reference", "00".repeat(32)).option("--holder <wallet>", "spend a holder's credits as its delegate")
    .description("burn credits for the network's service")
    .action(action(async (run, networkText: string, amountText: string, o: { usageRef: string; holder?: string }) => {
      const c = run.gw.customer(key(networkText, "network"), run.me);
      const amount = credits(amountText);
      const ref = hex32(o.usageRef, "--usage-ref");
      return run.tx(o.holder ? await c.spendAsDelegate(key(o.holder, "--holder"), amount, ref) : await c.spend(amount, ref));
    }));
  cr.command("delegate <network> <provider> <allowance>").description("let a provider spend up to <allowance> of the signer's credits")
    .action(action(async (run, networkText: string, p: string, a: string) => run.tx(await run.gw.customer(key(networkText, "network"), run.me).delegate(key(p, "provider"), credits(a, "allowance")))));
  cr.command("revoke <network> <provider>").description("end a provider's delegation").action(action(async (run, networkText: string, p: string) => run.tx(await run.gw.customer(key(networkText, "network"), run.me).revoke(key(p, "provider")))));
  cr.command("balance <network>").option("--wallet <key>", "another holder").description("network tokens and credits of a wallet")
    .action(action(async (run, networkText: string, o: { wallet?: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const who = o.wallet ? key(o.wallet, "--wallet") : run.me.publicKey;
      const b = await run.gw.customer(network, who).balances();
      return { wallet: who, tokens: await run.tokens(n.mint, b.tokens), credits: b.credits };
    }));
  cr.command("allowance <network> <provider>").option("--holder <wallet>", "the holder who delegated (default: the signer)")
    .description("what a provider may still spend of a holder's credits")
    .action(action(async (run, networkText: string, p: string, o: { holder?: string }) => {
      const network = key(networkText, "network");
      const holder = o.holder ? key(o.holder, "--holder") : run.me.publicKey;
      const provider = key(p, "provider");
      const { fetchCreditsConfig, fetchDelegation } = await import("../../credits/accounts");
      const { dcAccountAddress } = await import("../../credits/instructions");
      const cfg = await fetchCreditsConfig(run.gw.ctx.credits, network);
      const d = await fetchDelegation(run.gw.ctx.credits, dcAccountAddress(cfg.dcMint, holder), provider);
      if (!d) return { holder, provider, delegated: false, allowance: 0n, spent: 0n, remaining: 0n };
      const allowance = BigInt(d.allowance.toString());
      const spent = BigInt(d.spent.toString());
      return { holder, provider, delegated: true, allowance, spent, remaining: allowance > spent ? allowance - spent : 0n };
    }));
  cr.command("config <network>").description("price mode and parameters, circuit breaker and its headroom now, totals")
    .action(action(async (run, networkText: string) => {
      const network = key(networkText, "network");
      const { fetchCreditsConfig } = await import("../../credits/accounts");
      const { PRICE_MODE_FIXED, priceModeOf } = await import("../../credits/instructions");
      const c = await fetchCreditsConfig(run.gw.ctx.credits, network).catch(() => {
        throw new CliError("NOT_FOUND", `network ${network.toBase58()} has no credits config`, "the team sets credits up in the network's config file (`groundwork network deploy --file <config>`)");
      });
      // The program's sliding-window breaker: windows of breakerWindowSecs tile forward from
      // breakerWindowStart; a mint must keep (previous window + current window) ≤ the cap.
      const now = BigInt(await run.now());
      const windowSecs = BigInt(c.breakerWindowSecs.toString());
      const start = BigInt(c.breakerWindowStart.toString());
      let prev = BigInt(c.breakerPrevWindowValue.toString());
      let value = BigInt(c.breakerWindowValue.toString());
      const windows = now > start && windowSecs > 0n ? (now - start) / windowSecs : 0n;
      if (windows >= 1n) {
        prev = windows === 1n ? value : 0n;
        value = 0n;
      }
      const inWindow = prev + value;
      const cap = BigInt(c.breakerMaxCredits.toString());
      const fixed = priceModeOf(c.priceMode) === PRICE_MODE_FIXED;
      return {
        network, priceMode: priceModeOf(c.priceMode), paused: c.paused !== 0, dcMint: c.dcMint, tokenMint: c.tokenMint,
        creditsPerToken: fixed ? c.creditsPerToken : undefined,
        usdPerCreditE8: fixed ? undefined : c.usdPerCreditE8, priceUpdate: fixed ? undefined : c.priceUpdate, feedId: fixed ? undefined : Buffer.from(c.feedId).toString("hex"),
        maxPriceAgeSecs: fixed ? undefined : c.maxPriceAgeSecs, maxConfBps: fixed ? undefined : c.maxConfBps, confKBps: fixed ? undefined : c.confKBps,
        breakerWindowSecs: c.breakerWindowSecs, breakerMaxCredits: cap, breakerUsedNow: inWindow, breakerHeadroom: cap > inWindow ? cap - inWindow : 0n,
        totalTokensBurned: await run.tokens(c.tokenMint, c.totalTokensBurned), totalCreditsMinted: c.totalCreditsMinted,
      };
    }));
}
