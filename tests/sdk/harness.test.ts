// The embedded-SVM provider behaves like an RPC node for everything the SDK and Anchor use.
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, LAMPORTS_PER_SOL, SendTransactionError, SystemProgram, Transaction } from "@solana/web3.js";
import { createMint, createAccount, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { testEnv } from "../support/env";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/pda";
import { EventDecoder, GroundworkEvent } from "../../sdk/src/events";
import { GroundworkNetworkIdl } from "../../sdk/src/idl/groundwork_network";
import { send } from "../../sdk/src/tx";
import { toGroundworkError, GroundworkAccountError, NetworkErrors } from "../../sdk/src/errors";
import { Idl } from "@coral-xyz/anchor";
import { enumValue } from "../../sdk/src/enums";

// [embedded-only]: these are tests of the embedded SVM provider itself (its clock, its records).
describe("sdk: embedded SVM provider [embedded-only: tests the embedded SVM provider itself (its clock warps and transaction records), not a cluster]", function () {
  const env = testEnv();

  it("moves the clock forward for unbonding periods and epochs", async () => {
    const before = await env.now();
    await env.waitSeconds(3 * 86_400);
    expect(await env.now()).to.equal(before + 3 * 86_400);
    const slot = await env.connection.getSlot();
    await env.waitSeconds(4);
    expect(await env.connection.getSlot()).to.be.greaterThan(slot);
  });

  it("records logs and compute units of every transaction, served by getTransaction too", async () => {
    const to = Keypair.generate().publicKey;
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: env.payer.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL }));
    const signature = await env.provider.sendAndConfirm(tx);
    const record = env.svm!.transactionRecord(signature)!;
    expect(record.computeUnitsConsumed).to.equal(150);
    expect(record.logs[0]).to.match(/^Program 11111111111111111111111111111111 invoke \[1\]$/);
    const fetched = await env.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(fetched!.meta!.computeUnitsConsumed).to.equal(150);
    expect(fetched!.meta!.logMessages).to.deep.equal(record.logs);
    expect(await env.connection.getBalance(to)).to.equal(LAMPORTS_PER_SOL);
  });

  it("surfaces a program failure as a cluster does: SendTransactionError with logs, no fee, typed by the SDK", async () => {
    const program = networkProgram(env.provider);
    const authority = Keypair.generate();
    const mint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
    const treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
    const network = networkPda(mint, authority.publicKey);
    const ix = await program.methods
      .initializeNetwork(new BN(0), new BN(1), new BN(0), new BN(0), new BN(0), 100, enumValue("treasury"), 0, [])
      .accountsPartial({ payer: env.payer.publicKey, authority: authority.publicKey, network, mint, stakeVault: stakeVaultPda(network), treasury, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
      .instruction();
    const balance = await env.connection.getBalance(env.payer.publicKey);
    let thrown: unknown;
    try {
      await env.provider.sendAndConfirm(new Transaction().add(ix), [authority]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(SendTransactionError);
    expect((thrown as SendTransactionError).message).to.match(/custom program error: 0x1771/);
    expect((thrown as SendTransactionError).logs!.join("\n")).to.match(/Error Code: InvalidEpochLength\. Error Number: 6001/);
    expect(await env.connection.getBalance(env.payer.publicKey)).to.equal(balance);
    const typed = toGroundworkError(thrown);
    expect(typed).to.be.instanceOf(NetworkErrors.InvalidEpochLength);
    expect(typed.message).to.equal("network program: Epoch length must be between 1 second and 366 days (InvalidEpochLength, 6001)");

    // An account check names the account's role.
    ix.keys[1].isSigner = false;
    const err = await send(env.provider, [ix]).catch((e: Error) => e);
    expect(err).to.be.instanceOf(GroundworkAccountError);
    expect((err as GroundworkAccountError).account).to.equal("authority");
    expect((err as GroundworkAccountError).errorName).to.equal("AccountNotSigner");
  });

  it("streams Anchor events to subscribers as transactions land", async () => {
    const program = networkProgram(env.provider);
    const decoder = new EventDecoder([{ name: "network", idl: GroundworkNetworkIdl as unknown as Idl }]);
    const seen: GroundworkEvent[] = [];
    const unsubscribe = decoder.subscribe(env.provider, (e) => seen.push(e));
    const authority = Keypair.generate();
    const mint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
    const treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
    const network = networkPda(mint, authority.publicKey);
    await program.methods
      .initializeNetwork(new BN(3600), new BN(1), new BN(0), new BN(3_600), new BN(600), 100, enumValue("treasury"), 0, [])
      .accountsPartial({ payer: env.payer.publicKey, authority: authority.publicKey, network, mint, stakeVault: stakeVaultPda(network), treasury, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
      .signers([authority])
      .rpc();
    await unsubscribe();
    expect(seen.map((e) => e.name)).to.deep.equal(["NetworkInitialized"]);
    expect(String(seen[0].data.network)).to.equal(network.toBase58());
  });
});
