import { expect } from "chai";
import { enumValue } from "../../sdk/src/enums";
import type { SlashDestination } from "../../sdk/src/network/instructions";
import BN from "bn.js";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import { createMint, createAccount, TOKEN_PROGRAM_ID, getAccount } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { networkProgram, NetworkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/pda";
import { txTime } from "./setup";
import { floorsAtCreation, MIN_DISPUTE_WINDOW_SECS, MIN_UNBONDING_SECS } from "../../sdk/src/network/instructions";

const num = (v: BN): number => v.toNumber();

describe("network: initialize_network", () => {
  let env: TestEnv;
  let program: NetworkProgram;
  let authority: Keypair;
  let mint: PublicKey;
  let treasury: PublicKey;
  const oracles = [Keypair.generate().publicKey, Keypair.generate().publicKey, Keypair.generate().publicKey];

  const args = {
    epochLengthSecs: new BN(86_400),
    stakePerDevice: new BN(1_000_000),
    minOperatorStake: new BN(500_000),
    unbondingSecs: new BN(7 * 86_400),
    slashDisputeWindowSecs: new BN(2 * 86_400),
    maxSlashBps: 5_000,
    slashDestination: enumValue<SlashDestination>("treasury"),
    oracleThreshold: 2,
  };

  function initialize(overrides: Partial<typeof args> = {}, signers?: { authority?: Keypair }) {
    const a = { ...args, ...overrides };
    const auth = signers?.authority ?? authority;
    const network = networkPda(mint, auth.publicKey);
    return program.methods
      .initializeNetwork(a.epochLengthSecs, a.stakePerDevice, a.minOperatorStake, a.unbondingSecs, a.slashDisputeWindowSecs, a.maxSlashBps, a.slashDestination, a.oracleThreshold, oracles)
      .accountsPartial({
        payer: env.payer.publicKey,
        authority: auth.publicKey,
        network,
        mint,
        stakeVault: stakeVaultPda(network),
        treasury,
        tokenProgram: TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .signers([auth]);
  }

  beforeEach(async () => {
    env = testEnv();
    program = networkProgram(env.provider);
    authority = Keypair.generate();
    mint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
    treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
  });

  it("creates a network and reads it back through Anchor", async () => {
    const signature = await initialize().rpc();
    const network = networkPda(mint, authority.publicKey);
    const state = await program.account.network.fetch(network);
    expect(state.authority.toBase58()).to.equal(authority.publicKey.toBase58());
    expect(state.mint.toBase58()).to.equal(mint.toBase58());
    expect(state.treasury.toBase58()).to.equal(treasury.toBase58());
    expect(state.stakeVault.toBase58()).to.equal(stakeVaultPda(network).toBase58());
    expect(state.epochLengthSecs.toNumber()).to.equal(86_400);
    expect(state.stakePerDevice.toNumber()).to.equal(1_000_000);
    expect(state.unbondingSecs.toNumber()).to.equal(7 * 86_400);
    expect(state.maxSlashBps).to.equal(5_000);
    expect(state.oracleCount).to.equal(3);
    expect(state.oracleThreshold).to.equal(2);
    expect(state.oracles.slice(0, 3).map((k: PublicKey) => k.toBase58())).to.deep.equal(oracles.map((k) => k.toBase58()));
    expect(state.genesisTs.toNumber()).to.equal(await txTime(env, signature));
    const vault = await getAccount(env.connection, stakeVaultPda(network));
    expect(vault.owner.toBase58()).to.equal(network.toBase58());
    expect(vault.mint.toBase58()).to.equal(mint.toBase58());
    expect(vault.amount).to.equal(0n);
  });

  it("emits NetworkInitialized, readable by Anchor's EventParser", async () => {
    const sig = await initialize().rpc();
    const tx = await env.connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const events = [...new (await import("@coral-xyz/anchor")).EventParser(program.programId, program.coder).parseLogs(tx!.meta!.logMessages!)];
    expect(events).to.have.length(1);
    expect(events[0].name).to.equal("networkInitialized");
    expect((events[0].data.mint as PublicKey).toBase58()).to.equal(mint.toBase58());
  });

  it("refuses to initialise the same network twice, changing nothing", async () => {
    await initialize().rpc();
    const network = networkPda(mint, authority.publicKey);
    const before = await snapshot(env.connection, [network, stakeVaultPda(network), env.payer.publicKey]);
    await expectAnchorError(() => initialize({ stakePerDevice: new BN(7) }).rpc(), "AccountDiscriminatorAlreadySet");
    await expectUnchanged(env.connection, before);
  });

  it("requires the authority's signature", async () => {
    const network = networkPda(mint, authority.publicKey);
    const before = await snapshot(env.connection, [network, stakeVaultPda(network)]);
    const ix = await initialize().instruction();
    const authorityMeta = ix.keys.find((k: { pubkey: PublicKey }) => k.pubkey.equals(authority.publicKey))!;
    authorityMeta.isSigner = false;
    const tx = new (await import("@solana/web3.js")).Transaction().add(ix);
    await expectAnchorError(() => env.provider.sendAndConfirm(tx, []), "AccountNotSigner");
    await expectUnchanged(env.connection, before);
  });

  it("rejects a stake vault that is not the network's PDA", async () => {
    const network = networkPda(mint, authority.publicKey);
    const wrongVault = Keypair.generate();
    const before = await snapshot(env.connection, [network, wrongVault.publicKey]);
    await expectAnchorError(
      () => initialize().accountsPartial({ stakeVault: wrongVault.publicKey }).rpc(),
      "ConstraintSeeds",
    );
    await expectUnchanged(env.connection, before);
  });

  it("rejects a treasury of another mint", async () => {
    const otherMint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
    const otherTreasury = await createAccount(env.connection, env.payer, otherMint, authority.publicKey, Keypair.generate());
    const network = networkPda(mint, authority.publicKey);
    const before = await snapshot(env.connection, [network]);
    await expectAnchorError(() => initialize().accountsPartial({ treasury: otherTreasury }).rpc(), "ConstraintTokenMint");
    await expectUnchanged(env.connection, before);
  });

  it("rejects a token program that is not SPL Token", async () => {
    await expectAnchorError(() => initialize().accountsPartial({ tokenProgram: SystemProgram.programId }).rpc(), "InvalidProgramId");
  });

  it("rejects out-of-range parameters with typed errors", async () => {
    const network = networkPda(mint, authority.publicKey);
    const before = await snapshot(env.connection, [network]);
    await expectAnchorError(() => initialize({ epochLengthSecs: new BN(0) }).rpc(), "InvalidEpochLength");
    await expectAnchorError(() => initialize({ maxSlashBps: 10_001 }).rpc(), "InvalidBasisPoints");
    await expectAnchorError(() => initialize({ oracleThreshold: 4 }).rpc(), "InvalidThreshold");
    await expectAnchorError(() => initialize({ stakePerDevice: new BN(0) }).rpc(), "InvalidStakeAmount");
    // One second is the least any network accepts: 0 would let stake leave, or a slash execute,
    // in the transaction that asks for it.
    await expectAnchorError(() => initialize({ unbondingSecs: new BN(0) }).rpc(), "InvalidDuration");
    await expectAnchorError(() => initialize({ slashDisputeWindowSecs: new BN(0) }).rpc(), "InvalidDuration");
    await expectAnchorError(() => initialize({ slashDisputeWindowSecs: new BN(366 * 86_400 + 1) }).rpc(), "InvalidDuration");
    await expectUnchanged(env.connection, before);
  });

  it("records the floors governance can never go below: the recommended ones, or the initial durations when shorter", async () => {
    await initialize().rpc();
    let state = await program.account.network.fetch(networkPda(mint, authority.publicKey));
    expect([state.unbondingFloorSecs, state.disputeWindowFloorSecs]).to.deep.equal([MIN_UNBONDING_SECS, MIN_DISPUTE_WINDOW_SECS]);
    // A seconds-scale network (a test network on a real cluster) keeps its seconds as floors.
    const team = Keypair.generate();
    await env.airdrop(team.publicKey);
    await initialize({ epochLengthSecs: new BN(1), unbondingSecs: new BN(1), slashDisputeWindowSecs: new BN(3) }, { authority: team }).rpc();
    state = await program.account.network.fetch(networkPda(mint, team.publicKey));
    expect([num(state.epochLengthSecs), state.unbondingFloorSecs, state.disputeWindowFloorSecs]).to.deep.equal([1, 1, 3]);
    expect(floorsAtCreation(1, 3)).to.deep.equal({ unbondingFloorSecs: 1, disputeWindowFloorSecs: 3 });
  });

  it("rejects a mint with a freeze authority, which could lock the stake vault", async () => {
    mint = await createMint(env.connection, env.payer, authority.publicKey, authority.publicKey, 6);
    treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
    await expectAnchorError(() => initialize().rpc(), "MintHasFreezeAuthority");
  });
});
