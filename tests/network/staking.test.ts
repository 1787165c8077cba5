import { expect } from "chai";
import { Keypair, Transaction } from "@solana/web3.js";
import { createAccount, createMint } from "@solana/spl-token";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, Operator, PARAMS, num, hash32 } from "./setup";
import {
  PAUSE, registerDeviceIx, registerOperatorIx, requestUnstakeIx, setPausedIx, stakeIx, withdrawUnstakedIx,
} from "../../sdk/src/network/instructions";
import { fetchNetwork, fetchOperator } from "../../sdk/src/network/accounts";
import { operatorPda } from "../../sdk/src/network/pda";
import { HOUR, justBefore } from "../support/time";

// Unbonding is the fixture's (7 days warped on the embedded SVM, seconds waited on a cluster).
describe("network: operators and staking", () => {
  let f: Fixture;
  let op: Operator;

  beforeEach(async () => {
    f = await setup();
    op = await f.newOperator({ tokens: 100_000 });
  });

  const stake = (amount: number, o: Operator = op) => stakeIx(f.program, { network: f.network, authority: o.wallet.publicKey, source: o.tokens, amount });
  const unstake = (amount: number, o: Operator = op) => requestUnstakeIx(f.program, { network: f.network, authority: o.wallet.publicKey, amount });
  const withdraw = (o: Operator = op) => withdrawUnstakedIx(f.program, { network: f.network, authority: o.wallet.publicKey, destination: o.tokens });

  it("register_operator creates the operator and emits OperatorRegistered", async () => {
    const wallet = Keypair.generate();
    await f.env.airdrop(wallet.publicKey);
    const sig = await f.send(await registerOperatorIx(f.program, { payer: f.env.payer.publicKey, authority: wallet.publicKey, network: f.network }), [wallet]);
    const o = (await fetchOperator(f.program, f.network, wallet.publicKey))!;
    expect(o.authority.toBase58()).to.equal(wallet.publicKey.toBase58());
    expect(o.network.toBase58()).to.equal(f.network.toBase58());
    expect(num(o.registeredAt)).to.equal(await f.txTime(sig));
    expect(num((await fetchNetwork(f.program, f.network)).operatorCount)).to.equal(2);
    const [event] = await f.events(sig);
    expect(event.name).to.equal("operatorRegistered");
    console.log(`      CU register_operator: ${await f.cu(sig)}`);
  });

  it("register_operator refuses a second registration and a paused registration", async () => {
    const before = await snapshot(f.env.connection, [f.network, op.key]);
    await expectAnchorError(async () => f.send(await registerOperatorIx(f.program, { payer: op.wallet.publicKey, authority: op.wallet.publicKey, network: f.network }), [op.wallet]), "AccountDiscriminatorAlreadySet");
    await expectUnchanged(f.env.connection, before);
    await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.registration }), [f.authority]);
    const wallet = Keypair.generate();
    await f.env.airdrop(wallet.publicKey);
    const before2 = await snapshot(f.env.connection, [f.network, operatorPda(f.network, wallet.publicKey)]);
    await expectAnchorError(async () => f.send(await registerOperatorIx(f.program, { payer: wallet.publicKey, authority: wallet.publicKey, network: f.network }), [wallet]), "RegistrationPaused");
    await expectUnchanged(f.env.connection, before2);
  });

  it("register_operator rejects an operator address that is not the wallet's PDA", async () => {
    const wallet = Keypair.generate();
    await f.env.airdrop(wallet.publicKey);
    const ix = await registerOperatorIx(f.program, { payer: wallet.publicKey, authority: wallet.publicKey, network: f.network });
    const wrong = operatorPda(f.network, Keypair.generate().publicKey);
    ix.keys[3].pubkey = wrong;
    await expectAnchorError(() => f.send(ix, [wallet]), "ConstraintSeeds");
  });

  it("stake moves tokens into the vault, within 3,000 CU", async () => {
    const sig = await f.send(await stake(5_000), [op.wallet]);
    expect(await f.balance(f.vault)).to.equal(5_000n);
    expect(await f.balance(op.tokens)).to.equal(95_000n);
    const o = (await fetchOperator(f.program, f.network, op.wallet.publicKey))!;
    expect(num(o.activeStake)).to.equal(5_000);
    expect(num((await fetchNetwork(f.program, f.network)).totalActiveStake)).to.equal(5_000);
    const [event] = await f.events(sig);
    expect(event.name).to.equal("staked");
    expect(num(event.data.activeStake as number)).to.equal(5_000);
    const cu = await f.cu(sig);
    console.log(`      CU stake: ${cu}`);
    expect(cu).to.be.at.most(3_000);
  });

  it("stake rejects zero, a paused network, another wallet, a foreign mint and a wrong vault, changing nothing", async () => {
    const keys = [f.network, op.key, op.tokens, f.vault];
    const before = await snapshot(f.env.connection, keys);
    await expectAnchorError(async () => f.send(await stake(0), [op.wallet]), "ZeroAmount");
    const thief = Keypair.generate();
    const ix = await stake(10);
    ix.keys[0].pubkey = thief.publicKey;
    await expectAnchorError(() => f.send(ix, [thief]), "NotOperatorAuthority");
    const otherMint = await createMint(f.env.connection, f.env.payer, f.authority.publicKey, null, 6);
    const foreign = await createAccount(f.env.connection, f.env.payer, otherMint, op.wallet.publicKey, Keypair.generate());
    await expectAnchorError(async () => f.send(await stakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, source: foreign, amount: 10 }), [op.wallet]), "ConstraintTokenMint");
    const wrongVault = await stake(11);
    wrongVault.keys[4].pubkey = op.tokens;
    await expectAnchorError(() => f.send(wrongVault, [op.wallet]), "ConstraintAddress");
    const badProgram = await stake(12);
    badProgram.keys[5].pubkey = Keypair.generate().publicKey;
    await expectAnchorError(() => f.send(badProgram, [op.wallet]), "InvalidProgramId");
    const unsigned = await stake(13);
    unsigned.keys[0].isSigner = false;
    await expectAnchorError(() => f.env.provider.sendAndConfirm(new Transaction().add(unsigned), []), "AccountNotSigner");
    await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.staking }), [f.authority]);
    const beforePaused = await snapshot(f.env.connection, keys);
    await expectAnchorError(async () => f.send(await stake(14), [op.wallet]), "StakingPaused");
    await expectUnchanged(f.env.connection, beforePaused);
    await expectUnchanged(f.env.connection, new Map([...before].filter(([k]) => k !== f.network.toBase58())));
  });

  it("stake rejects an operator of another network", async () => {
    const g = await setup();
    // An operator registered on network g, presented to network f.
    const other = await g.newOperator({ tokens: 10, stake: 0 });
    const ix = await stake(1);
    ix.keys[2].pubkey = other.key;
    await expectAnchorError(() => f.send(ix, [op.wallet]), "AccountOwnedByWrongProgram").catch(async () => undefined);
    // Same SVM is not shared between fixtures, so build the cross-network case inside f instead.
    const secondMint = await createMint(f.env.connection, f.env.payer, f.authority.publicKey, null, 6);
    const { initializeNetworkIx } = await import("../../sdk/src/network/instructions");
    const { networkPda } = await import("../../sdk/src/network/pda");
    const secondTreasury = await createAccount(f.env.connection, f.env.payer, secondMint, f.authority.publicKey, Keypair.generate());
    await f.send(await initializeNetworkIx(f.program, { payer: f.env.payer.publicKey, authority: f.authority.publicKey, mint: secondMint, treasury: secondTreasury, ...PARAMS, oracleThreshold: 0, oracles: [] }), [f.authority]);
    const second = networkPda(secondMint, f.authority.publicKey);
    await f.send(await registerOperatorIx(f.program, { payer: op.wallet.publicKey, authority: op.wallet.publicKey, network: second }), [op.wallet]);
    const cross = await stake(2);
    cross.keys[2].pubkey = operatorPda(second, op.wallet.publicKey);
    const before = await snapshot(f.env.connection, [f.network, op.tokens, f.vault]);
    await expectAnchorError(() => f.send(cross, [op.wallet]), "WrongNetwork");
    await expectUnchanged(f.env.connection, before);
  });

  it("request_unstake moves stake into one unbonding bucket; withdraw fails before unlock and succeeds after", async () => {
    await f.send(await stake(10_000), [op.wallet]);
    const sig1 = await f.send(await unstake(3_000), [op.wallet]);
    const t0 = await f.txTime(sig1);
    let o = (await fetchOperator(f.program, f.network, op.wallet.publicKey))!;
    expect(num(o.activeStake)).to.equal(7_000);
    expect(num(o.unbondingStake)).to.equal(3_000);
    expect(num(o.unbondingUnlockTs)).to.equal(t0 + PARAMS.unbondingSecs);
    const [event] = await f.events(sig1);
    expect(event.name).to.equal("unstakeRequested");

    // A second request merges into the bucket and restarts its clock.
    await f.env.waitSeconds(HOUR);
    const t1 = await f.txTime(await f.send(await unstake(1_000), [op.wallet]));
    expect(t1).to.be.at.least(t0 + HOUR);
    o = (await fetchOperator(f.program, f.network, op.wallet.publicKey))!;
    expect(num(o.unbondingStake)).to.equal(4_000);
    expect(num(o.unbondingUnlockTs)).to.equal(t1 + PARAMS.unbondingSecs);
    const n = await fetchNetwork(f.program, f.network);
    expect(num(n.totalActiveStake)).to.equal(6_000);
    expect(num(n.totalUnbondingStake)).to.equal(4_000);

    await justBefore(f.env, t1 + PARAMS.unbondingSecs);
    const before = await snapshot(f.env.connection, [f.network, op.key, op.tokens, f.vault]);
    await expectAnchorError(async () => f.send(await withdraw(), [op.wallet]), "StillUnbonding");
    await expectUnchanged(f.env.connection, before);

    await f.env.waitUntil(t1 + PARAMS.unbondingSecs);
    const sig2 = await f.send(await withdraw(), [op.wallet]);
    expect(await f.balance(op.tokens)).to.equal(94_000n);
    expect(await f.balance(f.vault)).to.equal(6_000n);
    o = (await fetchOperator(f.program, f.network, op.wallet.publicKey))!;
    expect(num(o.unbondingStake)).to.equal(0);
    expect(num((await fetchNetwork(f.program, f.network)).totalUnbondingStake)).to.equal(0);
    expect((await f.events(sig2))[0].name).to.equal("unstakedWithdrawn");
    console.log(`      CU request_unstake: ${await f.cu(sig1)}, withdraw_unstaked: ${await f.cu(sig2)}`);

    const after = await snapshot(f.env.connection, [f.network, op.key, op.tokens, f.vault]);
    await expectAnchorError(async () => f.send(await withdraw(), [op.wallet]), "NothingToWithdraw");
    await expectUnchanged(f.env.connection, after);
  });

  it("request_unstake refuses more than active stake, zero, and stake that devices require", async () => {
    await f.send(await stake(3_000), [op.wallet]);
    const device = Keypair.generate();
    await f.send(await registerDeviceIx(f.program, { payer: op.wallet.publicKey, authority: op.wallet.publicKey, network: f.network, deviceKey: device.publicKey, kind: 1, location: 1, metadataHash: hash32(1) }), [op.wallet, device]);
    const before = await snapshot(f.env.connection, [f.network, op.key]);
    await expectAnchorError(async () => f.send(await unstake(3_001), [op.wallet]), "InsufficientStake");
    await expectAnchorError(async () => f.send(await unstake(0), [op.wallet]), "ZeroAmount");
    // One device needs 1,000 (stake per device): at most 2,000 may unbond.
    await expectAnchorError(async () => f.send(await unstake(2_001), [op.wallet]), "StakeLockedByDevices");
    await expectUnchanged(f.env.connection, before);
    await f.send(await unstake(2_000), [op.wallet]);
    expect(num((await fetchOperator(f.program, f.network, op.wallet.publicKey))!.activeStake)).to.equal(1_000);
  });

  it("request_unstake keeps the network minimum for an operator with devices", async () => {
    const g = await setup({ minOperatorStake: 2_500 });
    const o = await g.newOperator({ stake: 3_000 });
    const device = Keypair.generate();
    await g.send(await registerDeviceIx(g.program, { payer: o.wallet.publicKey, authority: o.wallet.publicKey, network: g.network, deviceKey: device.publicKey, kind: 1, location: 1, metadataHash: hash32(1) }), [o.wallet, device]);
    const before = await snapshot(g.env.connection, [g.network, o.key]);
    await expectAnchorError(async () => g.send(await requestUnstakeIx(g.program, { network: g.network, authority: o.wallet.publicKey, amount: 501 }), [o.wallet]), "BelowMinimumStake");
    await expectUnchanged(g.env.connection, before);
  });

  it("unstake and withdraw are refused while staking is paused, and withdraw needs the operator's wallet", async () => {
    await f.send(await stake(1_000), [op.wallet]);
    await f.send(await unstake(1_000), [op.wallet]);
    await f.env.waitSeconds(PARAMS.unbondingSecs);
    const thief = await f.newOperator({ tokens: 0 });
    const steal = await withdrawUnstakedIx(f.program, { network: f.network, authority: thief.wallet.publicKey, destination: thief.tokens });
    steal.keys[2].pubkey = op.key;
    const before = await snapshot(f.env.connection, [f.network, op.key, f.vault, thief.tokens]);
    await expectAnchorError(() => f.send(steal, [thief.wallet]), "NotOperatorAuthority");
    await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.staking }), [f.authority]);
    const paused = await snapshot(f.env.connection, [op.key, f.vault, op.tokens]);
    await expectAnchorError(async () => f.send(await withdraw(), [op.wallet]), "StakingPaused");
    await expectAnchorError(async () => f.send(await unstake(1), [op.wallet]), "StakingPaused");
    await expectUnchanged(f.env.connection, paused);
    await expectUnchanged(f.env.connection, new Map([...before].filter(([k]) => k !== f.network.toBase58())));
  });
});
