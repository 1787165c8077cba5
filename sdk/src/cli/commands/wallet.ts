// `groundwork wallet`: the signer's keypair file, address, SOL balance and test SOL.
import type { Command } from "commander";
import { action, globalOptions, group } from "../action";
import { CliError } from "../errors";

export function register(program: Command): void {
  const wallet = group(program, "wallet", "the signer: keypair files, address, SOL");
  wallet.command("new").requiredOption("-o, --outfile <path>", "where to write the keypair (JSON byte array, like solana-keygen)").option("--force", "overwrite an existing file")
    .description("generate a keypair file (no network access)")
    .action(async (o: { outfile: string; force?: boolean }, command: Command) => {
      const fs = await import("fs");
      const { Keypair } = await import("@solana/web3.js");
      const { print } = await import("../output");
      if (fs.existsSync(o.outfile) && !o.force) throw new CliError("INVALID_ARGUMENT", `${o.outfile} exists (use --force to overwrite)`);
      const kp = Keypair.generate();
      fs.writeFileSync(o.outfile, JSON.stringify(Array.from(kp.secretKey)), { mode: 0o600 });
      fs.chmodSync(o.outfile, 0o600);
      const g = globalOptions(command);
      print(Boolean(g.json) || /^json/.test(g.output ?? ""), { address: kp.publicKey, outfile: o.outfile }, g.output === "json-compact");
    });
  wallet.command("address").description("the signer's address (and the fee payer's, when --fee-payer is given)").action(action(async ({ ctx }) =>
    ({ address: ctx.wallet.publicKey, feePayer: ctx.feePayer.publicKey.equals(ctx.wallet.publicKey) ? undefined : ctx.feePayer.publicKey })));
  wallet.command("balance [address]").description("SOL balance (default: the signer)").action(action(async (run, address?: string) => {
    const { key } = await import("../args");
    const who = address ? key(address, "address") : run.me.publicKey;
    const lamports = await run.ctx.provider.connection.getBalance(who);
    const { TokenAmount } = await import("../output");
    return { address: who, sol: new TokenAmount(BigInt(lamports), 9) };
  }));
  wallet.command("airdrop <sol>").description("request SOL for the signer (test clusters and the embedded SVM)").option("--to <address>", "another address")
    .action(action(async (run, sol: string, o: { to?: string }) => {
      const { key, tokenAmount } = await import("../args");
      const lamports = tokenAmount(sol, 9, "SOL amount");
      if (lamports > BigInt(Number.MAX_SAFE_INTEGER)) throw new CliError("INVALID_ARGUMENT", `SOL amount is too large: ${sol}`);
      const who = o.to ? key(o.to, "--to") : run.me.publicKey;
      const { TokenAmount } = await import("../output");
      if (run.ctx.dryRun && !run.ctx.svm) return { address: who, requested: new TokenAmount(lamports, 9) };
      const connection = run.ctx.provider.connection;
      const sig = await connection.requestAirdrop(who, Number(lamports));
      await connection.confirmTransaction(sig, run.ctx.commitment);
      return { address: who, sol: new TokenAmount(BigInt(await connection.getBalance(who)), 9), balanceLamports: await connection.getBalance(who) };
    }));
}
