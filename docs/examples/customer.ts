// Quick start (customer), with the SDK: open a credits account, burn tokens for data credits, spend
// them, let a service provider spend for you, and revoke it. On the embedded SVM, in a network
// made by ./setup.ts.
import { createHash } from "crypto";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { exampleNetwork } from "./setup";

export async function main(): Promise<{ credits: bigint; tokens: bigint; allowanceLeft: bigint }> {
  const { gw, connection, network, giveTokens } = await exampleNetwork();
  const wallet = Keypair.generate();
  const provider = Keypair.generate();
  await connection.requestAirdrop(wallet.publicKey, 2 * LAMPORTS_PER_SOL);
  await connection.requestAirdrop(provider.publicKey, LAMPORTS_PER_SOL);
  await giveTokens(wallet.publicKey, 1_000_000_000n);

  const customer = gw.customer(network, wallet);
  await customer.openCreditsAccount();
  // 10 tokens at 100 credits per token; fail rather than get fewer than 1,000 credits.
  const bought = await customer.buyCredits(10_000_000n, { minCreditsOut: 1_000n });
  console.log(`bought ${bought.credits} credits`);

  // A usage reference ties a spend to your own record of the service (32 bytes).
  await customer.spend(250n, createHash("sha256").update("session-1").digest());

  // Let a service provider spend up to 500 of your credits, it spends 100, then revoke.
  await customer.delegate(provider.publicKey, 500n);
  await gw.customer(network, provider).spendAsDelegate(wallet.publicKey, 100n, createHash("sha256").update("provider-session-1").digest());
  const allowanceLeft = await customer.allowance(provider.publicKey);
  await customer.revoke(provider.publicKey);

  const { tokens, credits } = await customer.balances();
  console.log(`tokens ${tokens}, credits ${credits}, provider allowance was ${allowanceLeft} before revoking`);
  return { credits, tokens, allowanceLeft };
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
