// `groundwork token`: SPL token helpers — a mint, minting, transfers (teams fund operators and
// customers) and balances. Amounts are UI units of the mint (`1.5`), or base units with --base-units.
import type { Command } from "commander";
import { action, group } from "../action";
import { key, smallNumber } from "../args";
import { CliError } from "../errors";

export function register(program: Command): void {
  const token = group(program, "token", "SPL token helpers: create a mint, mint, transfer, balances");
  token.command("create-mint").option("--decimals <n>", "decimals (0–19)", "6").option("--mint-keypair <path>", "the mint's keypair (fixes its address; default: a new one)")
    .description("a mint with the signer as mint authority and no freeze authority")
    .action(action(async (run, o: { decimals: string; mintKeypair?: string }) => {
      const decimals = smallNumber(o.decimals, "--decimals", 19);
      const { Keypair, SystemProgram } = await import("@solana/web3.js");
      const { MINT_SIZE, TOKEN_PROGRAM_ID, createInitializeMint2Instruction } = await import("@solana/spl-token");
      const { loadKeypair } = await import("../context");
      const mint = o.mintKeypair ? loadKeypair(o.mintKeypair, "--mint-keypair") : Keypair.generate();
      const connection = run.ctx.provider.connection;
      const sent = await run.gw.ctx.send([
        SystemProgram.createAccount({ fromPubkey: run.gw.ctx.payer, newAccountPubkey: mint.publicKey, space: MINT_SIZE, lamports: await connection.getMinimumBalanceForRentExemption(MINT_SIZE), programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, decimals, run.me.publicKey, null),
      ], [mint, run.me]);
      return { mint: mint.publicKey, decimals, ...run.tx(sent) };
    }));
  token.command("mint <mint> <owner> <amount>").description("mint to owner's associated token account, creating it if needed (the signer is the mint authority)")
    .action(action(async (run, mintText: string, ownerText: string, amountText: string) => {
      const mint = key(mintText, "mint");
      const owner = key(ownerText, "owner");
      const amount = await run.amountOf(mint, amountText);
      const { getAssociatedTokenAddressSync, createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction } = await import("@solana/spl-token");
      const ata = getAssociatedTokenAddressSync(mint, owner, true);
      const sent = await run.gw.ctx.send([
        createAssociatedTokenAccountIdempotentInstruction(run.gw.ctx.payer, ata, owner, mint),
        createMintToInstruction(mint, ata, run.me.publicKey, amount),
      ], [run.me]);
      return { account: ata, amount: await run.tokens(mint, amount), ...run.tx(sent) };
    }));
  token.command("transfer <mint> <recipient> <amount>")
    .description("send tokens from the signer's associated token account to the recipient wallet's (created if needed, rent paid by the fee payer)")
    .action(action(async (run, mintText: string, recipientText: string, amountText: string) => {
      const mint = key(mintText, "mint");
      const recipient = key(recipientText, "recipient");
      const amount = await run.amountOf(mint, amountText);
      const decimals = await run.mintDecimals(mint);
      const { getAssociatedTokenAddressSync, createAssociatedTokenAccountIdempotentInstruction, createTransferCheckedInstruction, getAccount } = await import("@solana/spl-token");
      const source = getAssociatedTokenAddressSync(mint, run.me.publicKey, true);
      const held = await getAccount(run.ctx.provider.connection, source).then((a) => a.amount).catch(() => null);
      if (held === null) {
        throw new CliError("MISSING_TOKEN_ACCOUNT", `${run.me.publicKey.toBase58()} has no token account for mint ${mint.toBase58()} (its associated account ${source.toBase58()} does not exist)`, "the signer must hold the tokens it sends: check -k and the mint");
      }
      if (held < amount) {
        const { formatUnits } = await import("../args");
        throw new CliError("INSUFFICIENT_TOKENS", `${run.me.publicKey.toBase58()} holds ${formatUnits(held, decimals)} of this token, fewer than the ${formatUnits(amount, decimals)} to send`, "send less, or get more tokens first", { haveBaseUnits: held.toString(), needBaseUnits: amount.toString() });
      }
      const destination = getAssociatedTokenAddressSync(mint, recipient, true);
      const sent = await run.gw.ctx.send([
        createAssociatedTokenAccountIdempotentInstruction(run.gw.ctx.payer, destination, recipient, mint),
        createTransferCheckedInstruction(source, mint, destination, run.me.publicKey, amount, decimals),
      ], [run.me]);
      return { from: source, to: destination, amount: await run.tokens(mint, amount), ...run.tx(sent) };
    }));
  token.command("balance <mint> [owner]").description("a wallet's balance in its associated token account (default: the signer)")
    .action(action(async (run, mintText: string, owner?: string) => {
      const mint = key(mintText, "mint");
      const { getAccount, getAssociatedTokenAddressSync } = await import("@solana/spl-token");
      const ata = getAssociatedTokenAddressSync(mint, owner ? key(owner, "owner") : run.me.publicKey, true);
      const info = await getAccount(run.ctx.provider.connection, ata).catch(() => null);
      return { account: ata, exists: info !== null, amount: await run.tokens(mint, info?.amount ?? 0n) };
    }));
}
