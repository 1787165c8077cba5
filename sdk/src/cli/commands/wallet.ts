// `groundwork wallet`: the signer's keypair file, address and test SOL.
import type { Command } from "commander";
import { action, globalOptions, group } from "../action";

export function register(program: Command): void {
  const wallet = group(program, "wallet", "the signer");
  wallet.command("new").requiredOption("-o, --outfile <path>", "where to write the keypair (JSON byte array, like solana-keygen)").option("--force", "overwrite an existing file")
    .description("generate a keypair file (no network access)")
    .action(async (o: { outfile: string; force?: boolean }, command: Command) => {
      const fs = await import("fs");
      const { Keypair } = await import("@solana/web3.js");
      const { print } = await import("../output");
      if (fs.existsSync(o.outfile) && !o.force) throw new Error(`${o.outfile} exists (use --force to overwrite)`);
      const kp = Keypair.generate();
      fs.writeFileSync(o.outfile, JSON.stringify(Array.from(kp.secretKey)), { mode: 0o600 });
      print(Boolean(globalOptions(command).json), { address: kp.publicKey, outfile: o.outfile });
    });
  wallet.command("address").action(action(async ({ ctx }) => ({ address: ctx.wallet.publicKey })));
  wallet.command("airdrop <sol>").description("request SOL (test clusters and the embedded SVM)").action(action(async ({ ctx }, sol: string) => {
    const sig = await ctx.provider.connection.requestAirdrop(ctx.wallet.publicKey, Number(sol) * 1e9);
    await ctx.provider.connection.confirmTransaction(sig, "confirmed");
    return { address: ctx.wallet.publicKey, balanceLamports: await ctx.provider.connection.getBalance(ctx.wallet.publicKey) };
  }));
}
