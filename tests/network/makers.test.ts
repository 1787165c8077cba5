// Device onboarding economy, driven through the SDK's persona clients as their users would: the team
// approves makers and prices device kinds in credits, makers post stake, co-sign and pre-pay,
// operators onboard, relocate and reactivate devices. Runs on the embedded SVM and on a validator
// (time passes with `waitSeconds`).
import { expect } from "chai";
import { createHash } from "crypto";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import { createAccount, createAssociatedTokenAccountIdempotent, createMint, getAccount, mintTo, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { snapshot, expectUnchanged } from "../support/assertions";
import { Groundwork } from "../../sdk/src/groundwork";
import { NetworkConfig } from "../../sdk/src/clients/team";
import { NetworkErrors, CreditsErrors } from "../../sdk/src/errors";
import { devicePda, feeSchedulePda, makerPda, operatorPda } from "../../sdk/src/network/pda";
import { fetchDevice, fetchFeeSchedule, fetchMaker, fetchNetwork, fetchOperator, kindFees, listMakers } from "../../sdk/src/network/accounts";
import { fetchCreditsConfig, fetchTallyRing } from "../../sdk/src/credits/accounts";
import { dcAccountAddress } from "../../sdk/src/credits/instructions";
import { approveMakerIx, registerDeviceIx, setDeviceFeesIx } from "../../sdk/src/network/instructions";
import { CREDITS_PROGRAM_ID } from "../../sdk/src/ids";

const EPOCH = 3_600;
const LOCATION = 0x8a2a1072b59ffffn;
const sha = (s: string) => Array.from(createHash("sha256").update(s).digest());

describe("network: makers and fees in credits", function () {
  let env: TestEnv;
  let gw: Groundwork;
  let team: Keypair;
  let mint: PublicKey;
  let network: PublicKey;
  let dcMint: PublicKey;
  const oracles = [Keypair.generate(), Keypair.generate()];

  const config = (mintKey: PublicKey, treasury: PublicKey): NetworkConfig => ({
    mint: mintKey, treasury,
    // Seconds-scale unbonding and dispute window (floors fixed at creation), so the slash below
    // runs in seconds on a validator too.
    epochLengthSecs: EPOCH, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 10, slashDisputeWindowSecs: 5,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: oracles.map((o) => o.publicKey), oracleThreshold: 2,
    // 10 credits per whole token (0 decimals): 100 tokens buy 1,000 credits.
    credits: { mode: "fixed", creditsPerToken: 10, breakerWindowSecs: 3_600, breakerMaxCredits: 1_000_000 },
  });

  beforeEach(async () => {
    env = testEnv();
    gw = Groundwork.connect(env.provider);
    team = Keypair.generate();
    await env.airdrop(team.publicKey);
    for (const o of oracles) await env.airdrop(o.publicKey);
    mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
    const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
    const created = await gw.team(team).createNetwork(config(mint, treasury));
    network = created.network;
    dcMint = created.dcMint!;
  });

  async function wallet(tokens: number): Promise<Keypair> {
    const w = Keypair.generate();
    await env.airdrop(w.publicKey);
    const ata = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w.publicKey);
    if (tokens > 0) await mintTo(env.connection, env.payer, mint, ata, team, tokens);
    return w;
  }

  /** An operator wallet registered and staked for `devices` devices. */
  async function operator(devices: number) {
    const w = await wallet(10_000);
    const op = gw.operator(network, w);
    await op.register();
    await op.stake(devices * 1_000);
    return { w, op };
  }

  /** Buys credits for `who` with `tokens` whole tokens (10 credits each). */
  async function buyCredits(who: Keypair, tokens: number): Promise<bigint> {
    const c = gw.customer(network, who);
    await c.openCreditsAccount();
    return (await c.buyCredits(tokens)).credits;
  }

  const creditsOf = async (who: PublicKey) => (await getAccount(env.connection, dcAccountAddress(dcMint, who), undefined, TOKEN_2022_PROGRAM_ID)).amount;
  const totals = async () => {
    const ring = (await fetchTallyRing(gw.ctx.credits, network))!;
    const sum = (f: (s: (typeof ring.slots)[number]) => { toString(): string }) => ring.slots.reduce((a, s) => a + BigInt(f(s).toString()), 0n);
    return { spent: sum((s) => s.creditsSpent), tokensBurned: sum((s) => s.tokensBurned), minted: sum((s) => s.creditsMinted) };
  };
  const spec = (kind = 7) => ({ kind, location: LOCATION, metadataHash: sha(`device-${kind}`) });

  /** A maker whose key's operator account holds `stake`, approved for `kinds` with `stakeRequired`. */
  async function approvedMaker(kinds = [7, 8], stake = 5_000, stakeRequired = 3_000) {
    const key = await wallet(10_000);
    const maker = gw.maker(network, key);
    await maker.stake(stake);
    await gw.team(team).approveMaker(network, { makerKey: key.publicKey, nameHash: sha("Acme Hotspots"), kinds, stakeRequired });
    return { key, maker };
  }

  it("open registration stays the default: no maker, no fee, no maker recorded, within 6,000 CU", async () => {
    const { op } = await operator(1);
    const device = Keypair.generate();
    const sent = await op.registerDevice(device, spec());
    const d = (await fetchDevice(gw.ctx.network, network, device.publicKey))!;
    expect(d.maker.equals(PublicKey.default)).to.equal(true);
    expect(d.locationAsserts).to.equal(0);
    const n = await fetchNetwork(gw.ctx.network, network);
    expect([n.makersRequired, n.hasFeeSchedule]).to.deep.equal([0, 0]);
    console.log(`      CU register_device, no maker, no fee: ${sent.computeUnits}`);
    expect(sent.computeUnits).to.be.at.most(6_000);
  });

  it("team approves a maker backed by its staked operator account; with makers required a device needs the maker's co-signature", async () => {
    const { key, maker } = await approvedMaker();
    const m = (await fetchMaker(gw.ctx.network, network, key.publicKey))!;
    expect(m.stakeOperator.equals(operatorPda(network, key.publicKey))).to.equal(true);
    expect(m.kinds.slice(0, m.kindCount)).to.deep.equal([7, 8]);
    expect(m.nameHash).to.deep.equal(sha("Acme Hotspots"));
    expect((await listMakers(gw.ctx.network, network)).map((x) => x.publicKey.toBase58())).to.deep.equal([makerPda(network, key.publicKey).toBase58()]);
    await gw.team(team).setMakersRequired(network, true);

    const { w, op } = await operator(3);
    const device = Keypair.generate();
    const before = await snapshot(env.connection, [network, operatorPda(network, w.publicKey), devicePda(network, device.publicKey), makerPda(network, key.publicKey)]);
    expect(await op.registerDevice(device, spec()).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerRequired);
    // A kind the maker is not approved for.
    expect(await op.registerDevice(device, spec(9), { maker: key }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerKindNotAllowed);
    // Another key presenting the approved maker's account.
    const impostor = Keypair.generate();
    const forged = await registerDeviceIx(gw.ctx.network, { payer: env.payer.publicKey, authority: w.publicKey, network, deviceKey: device.publicKey, ...spec(), maker: key.publicKey });
    forged.keys[7].pubkey = impostor.publicKey;
    expect(await gw.ctx.send([forged], [w, device, impostor]).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.NotMakerKey);
    // The maker's key must sign.
    const unsigned = await registerDeviceIx(gw.ctx.network, { payer: env.payer.publicKey, authority: w.publicKey, network, deviceKey: device.publicKey, ...spec(), maker: key.publicKey });
    unsigned.keys[7].isSigner = false;
    const err = await env.provider.sendAndConfirm(new Transaction().add(unsigned), [w, device]).catch((e: Error) => e);
    expect(String(err)).to.match(/AccountNotSigner|maker_key/);
    await expectUnchanged(env.connection, before);

    const sent = await op.registerDevice(device, spec(), { maker: key });
    const d = (await fetchDevice(gw.ctx.network, network, device.publicKey))!;
    expect(d.maker.equals(makerPda(network, key.publicKey))).to.equal(true);
    expect((await maker.status()).devicesOnboarded).to.equal(1n);
    const names = (await gw.events.decode(sent.logs)).map((e) => e.name);
    expect(names).to.include.members(["DeviceRegistered", "DeviceOnboarded"]);
    console.log(`      CU register_device, maker co-signs, no fee: ${sent.computeUnits}`);
    expect(sent.computeUnits).to.be.at.most(12_000);
  });

  it("the maker stake: unbonding below it stops onboarding, and a slash through the oracle flow jails the maker", async () => {
    const { key, maker } = await approvedMaker([7], 5_000, 3_000);
    await gw.team(team).setMakersRequired(network, true);
    const { op } = await operator(3);
    await op.registerDevice(Keypair.generate(), spec(), { maker: key });

    // The maker unbonds 2,500: 2,500 active is below its 3,000 maker stake.
    await gw.operator(network, key).requestUnstake(2_500);
    expect(await op.registerDevice(Keypair.generate(), spec(), { maker: key }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerUnderstaked);
    await maker.stake(2_500);
    await op.registerDevice(Keypair.generate(), spec(), { maker: key });

    // Oracles slash the maker's stake account like any operator's: propose, approve, dispute window, execute.
    const evidence = sha("counterfeit batch 42");
    const proposed = await gw.oracle(network, oracles[0]).proposeSlash(key.publicKey, 1_000, 3, evidence);
    expect(proposed.operator.equals(operatorPda(network, key.publicKey))).to.equal(true);
    await gw.oracle(network, oracles[1]).approveSlash(proposed);
    // The same evidence against the same maker cannot be proposed twice (evidence-hash PDA).
    expect(await gw.oracle(network, oracles[0]).proposeSlash(key.publicKey, 1_000, 3, evidence).catch((e: Error) => e)).to.be.instanceOf(Error);
    await env.waitSeconds(6);
    await gw.executeSlash(network, proposed);
    expect((await maker.status()).jailed).to.equal(true);
    expect(await op.registerDevice(Keypair.generate(), spec(), { maker: key }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerJailed);
  });

  it("a maker that runs devices itself keeps its maker stake on top of their stake", async () => {
    const { key } = await approvedMaker([7], 5_000, 3_000);
    await gw.team(team).setMakersRequired(network, true);
    const self = gw.operator(network, key);
    await self.registerDevice(Keypair.generate(), spec(), { maker: key });
    await self.registerDevice(Keypair.generate(), spec(), { maker: key });
    // 5,000 active = 3,000 maker stake + 2 devices: a third device of its own would eat into the maker stake.
    const before = await snapshot(env.connection, [network, operatorPda(network, key.publicKey), makerPda(network, key.publicKey)]);
    expect(await self.registerDevice(Keypair.generate(), spec(), { maker: key }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerUnderstaked);
    await expectUnchanged(env.connection, before);
    // Another operator's device still fits: the maker's stake covers its own two devices and its maker stake.
    const { op } = await operator(1);
    await op.registerDevice(Keypair.generate(), spec(), { maker: key });
  });

  it("a revoked maker co-signs nothing new; its devices stay, and their operators reactivate them paying the fee themselves", async () => {
    const { key } = await approvedMaker([7]);
    await gw.team(team).setMakersRequired(network, true);
    await gw.team(team).setDeviceFees(network, 7, { onboardingFee: 40, locationFee: 5 });
    const { w, op } = await operator(2);
    await buyCredits(key, 100);
    await buyCredits(w, 100);
    const device = Keypair.generate();
    await op.registerDevice(device, spec(), { maker: key, feePayer: "maker" });
    expect(await creditsOf(key.publicKey)).to.equal(960n);

    await gw.team(team).revokeMaker(network, key.publicKey);
    expect(await gw.team(team).revokeMaker(network, key.publicKey).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerRevoked);
    const m = (await fetchMaker(gw.ctx.network, network, key.publicKey))!;
    expect(m.revoked).to.equal(1);
    expect(m.revokedAt.toNumber()).to.be.greaterThan(0);
    expect(await op.registerDevice(Keypair.generate(), spec(), { maker: key }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerRevoked);

    // The device onboarded before the revocation is stranded by nothing: deactivated, its
    // operator brings it back with its own credits, no maker needed.
    await op.deactivateDevice(device.publicKey);
    const sent = await op.reactivateDevice(device);
    expect(await creditsOf(w.publicKey)).to.equal(960n);
    const d = (await fetchDevice(gw.ctx.network, network, device.publicKey))!;
    expect(d.active).to.equal(1);
    expect(d.maker.equals(makerPda(network, key.publicKey))).to.equal(true);
    expect((await gw.events.decode(sent.logs)).map((e) => e.name)).to.include("DeviceReactivated");
  });

  it("onboarding fees burn credits through the credits program, count as credits spent (not tokens burned), paid by the operator or pre-paid by the maker", async () => {
    const { key } = await approvedMaker([7]);
    await gw.team(team).setMakersRequired(network, true);
    await gw.team(team).setDeviceFees(network, 7, { onboardingFee: 40, locationFee: 5 });
    expect(kindFees(await fetchFeeSchedule(gw.ctx.network, network), 7)).to.deep.equal({ kind: 7, onboardingFee: 40n, locationFee: 5n });
    const { w, op } = await operator(3);
    expect(await buyCredits(w, 100)).to.equal(1_000n);
    expect(await buyCredits(key, 100)).to.equal(1_000n);
    const start = await totals();

    // The operator pays.
    const a = Keypair.generate();
    const byOperator = await op.registerDevice(a, spec(), { maker: key });
    expect(await creditsOf(w.publicKey)).to.equal(960n);
    expect(await creditsOf(key.publicKey)).to.equal(1_000n);
    const afterOne = await totals();
    expect(afterOne.spent - start.spent).to.equal(40n);
    expect(afterOne.tokensBurned).to.equal(start.tokensBurned);
    const names = (await gw.events.decode(byOperator.logs)).map((e) => e.name);
    expect(names).to.include.members(["FeeBurned", "DeviceOnboarded", "DeviceRegistered"]);

    // The maker pre-pays from its own credits.
    const b = Keypair.generate();
    const byMaker = await op.registerDevice(b, spec(), { maker: key, feePayer: "maker" });
    expect(await creditsOf(key.publicKey)).to.equal(960n);
    expect(await creditsOf(w.publicKey)).to.equal(960n);
    expect((await totals()).spent - start.spent).to.equal(80n);

    // What the credits CPI costs inside register_device.
    const cpi = byMaker.logs.map((l) => new RegExp(`^Program ${CREDITS_PROGRAM_ID.toBase58()} consumed (\\d+) of`).exec(l)).find((x) => x);
    console.log(`      CU register_device, maker co-signs, maker pays the fee: ${byMaker.computeUnits} (credits burn_fee CPI: ${cpi?.[1]} inside)`);
    expect(byMaker.computeUnits).to.be.at.most(12_000);
    expect(byOperator.computeUnits).to.be.at.most(12_000);
  });

  it("a fee that cannot be paid changes nothing: too few credits, no credits accounts, a fee schedule left out", async () => {
    await gw.team(team).setDeviceFees(network, 7, { onboardingFee: 400, locationFee: 5 });
    const { w, op } = await operator(2);
    const device = Keypair.generate();
    const keys = [network, operatorPda(network, w.publicKey), devicePda(network, device.publicKey)];
    const before = await snapshot(env.connection, keys);
    // No credits account at all.
    expect(await op.registerDevice(device, spec()).catch((e: Error) => e)).to.be.instanceOf(Error);
    await buyCredits(w, 10); // 100 credits < 400
    const poor = await snapshot(env.connection, [...keys, dcAccountAddress(dcMint, w.publicKey)]);
    expect(await op.registerDevice(device, spec()).catch((e: Error) => e)).to.be.instanceOf(CreditsErrors.InsufficientCredits);
    await expectUnchanged(env.connection, poor);
    // Leaving out the payer's accounts, or the fee schedule itself.
    const noPayer = await registerDeviceIx(gw.ctx.network, { payer: env.payer.publicKey, authority: w.publicKey, network, deviceKey: device.publicKey, ...spec() });
    expect(await gw.ctx.send([noPayer], [w, device]).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.FeeAccountsMissing);
    const cfg = await fetchCreditsConfig(gw.ctx.credits, network);
    const noSchedule = await registerDeviceIx(gw.ctx.network, { payer: env.payer.publicKey, authority: w.publicKey, network, deviceKey: device.publicKey, ...spec(), fee: { owner: w.publicKey, dcMint: cfg.dcMint } });
    noSchedule.keys[10].pubkey = gw.ctx.network.programId;
    expect(await gw.ctx.send([noSchedule], [w, device]).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.FeeAccountsMissing);
    expect((await fetchDevice(gw.ctx.network, network, device.publicKey))).to.equal(null);
    void before;
    // An unpriced kind needs no credits.
    await op.registerDevice(Keypair.generate(), spec(3));
  });

  it("assert_location pays the location fee, counts assertions and refuses the same cell; reactivate_device needs stake and an inactive device", async () => {
    await gw.team(team).setDeviceFees(network, 7, { onboardingFee: 0, locationFee: 5 });
    const { w, op } = await operator(1);
    await buyCredits(w, 10);
    const device = Keypair.generate();
    await op.registerDevice(device, spec());
    expect(await creditsOf(w.publicKey)).to.equal(100n);
    const moved = await op.assertLocation(device.publicKey, 0x8a2a1072b5bffffn);
    await op.assertLocation(device.publicKey, LOCATION);
    expect(await creditsOf(w.publicKey)).to.equal(90n);
    const d = (await fetchDevice(gw.ctx.network, network, device.publicKey))!;
    expect([BigInt(d.location.toString()), d.locationAsserts]).to.deep.equal([LOCATION, 2]);
    const asserted = (await gw.events.decode(moved.logs)).find((e) => e.name === "DeviceLocationAsserted")!;
    expect(String(asserted.data.fee)).to.equal("5");
    console.log(`      CU assert_location with fee: ${moved.computeUnits}`);
    expect(await op.assertLocation(device.publicKey, LOCATION).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.LocationUnchanged);

    expect(await op.reactivateDevice(device).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.DeviceActive);
    await op.deactivateDevice(device.publicKey);
    expect(await op.assertLocation(device.publicKey, 1n).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.DeviceInactive);
    // Stake now backs another device: reactivation needs room for one more.
    await op.registerDevice(Keypair.generate(), spec(3));
    expect(await op.reactivateDevice(device).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.InsufficientStake);
    await op.stake(1_000);
    const back = await op.reactivateDevice(device);
    console.log(`      CU reactivate_device, free kind: ${back.computeUnits}`);
    expect((await fetchOperator(gw.ctx.network, network, w.publicKey))!.deviceCount).to.equal(2);
    expect((await fetchNetwork(gw.ctx.network, network)).activeDeviceCount.toNumber()).to.equal(2);
  });

  it("team: fees and makers are the authority's; the schedule prices up to 16 kinds; maker approvals are checked", async () => {
    const stranger = gw.team(await wallet(0));
    expect(await stranger.setDeviceFees(network, 7, { onboardingFee: 1, locationFee: 1 }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.Unauthorized);
    expect(await stranger.setMakersRequired(network, true).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.Unauthorized);
    for (let k = 0; k < 16; k++) await gw.team(team).setDeviceFees(network, k, { onboardingFee: k, locationFee: 1 });
    await gw.team(team).setDeviceFees(network, 3, { onboardingFee: 30, locationFee: 2 });
    const s = (await fetchFeeSchedule(gw.ctx.network, network))!;
    expect(s.entryCount).to.equal(16);
    expect(kindFees(s, 3)).to.deep.equal({ kind: 3, onboardingFee: 30n, locationFee: 2n });
    const full = await snapshot(env.connection, [feeSchedulePda(network), network]);
    expect(await gw.team(team).setDeviceFees(network, 99, { onboardingFee: 1, locationFee: 1 }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.FeeScheduleFull);
    await expectUnchanged(env.connection, full);

    const key = await wallet(10_000);
    await gw.maker(network, key).stake(2_000);
    const approve = (kinds: number[], stakeRequired: number, by = gw.team(team)) =>
      by.approveMaker(network, { makerKey: key.publicKey, nameHash: sha("m"), kinds, stakeRequired }).catch((e: Error) => e);
    expect(await approve([7], 1_000, stranger)).to.be.instanceOf(NetworkErrors.Unauthorized);
    expect(await approve([], 1_000)).to.be.instanceOf(NetworkErrors.InvalidMakerKinds);
    expect(await approve([7, 7], 1_000)).to.be.instanceOf(NetworkErrors.InvalidMakerKinds);
    expect(await approve([7], 0)).to.be.instanceOf(NetworkErrors.ZeroAmount);
    expect(await approve([7], 2_001)).to.be.instanceOf(NetworkErrors.MakerUnderstaked);
    // Kinds padded with something other than zeros are refused too.
    const padded = await approveMakerIx(gw.ctx.network, { payer: env.payer.publicKey, authority: team.publicKey, network, makerKey: key.publicKey, nameHash: sha("m"), kinds: [7], stakeRequired: 1_000 });
    padded.data[8 + 32 + 2] = 5;
    expect(await gw.ctx.send([padded], [team]).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.InvalidMakerKinds);
    // A key without an operator account has no stake to approve.
    const bare = Keypair.generate();
    expect(await gw.team(team).approveMaker(network, { makerKey: bare.publicKey, nameHash: sha("m"), kinds: [7], stakeRequired: 1 }).catch((e: Error) => e)).to.be.instanceOf(Error);
    expect(await fetchMaker(gw.ctx.network, network, key.publicKey)).to.equal(null);
    await approve([7], 2_000);
    expect(await approve([7], 2_000)).to.be.instanceOf(Error);
    expect((await gw.maker(network, key).status()).approved).to.equal(true);
    // Setting fees also works through the builder with another payer.
    await gw.ctx.send([await setDeviceFeesIx(gw.ctx.network, { payer: env.payer.publicKey, authority: team.publicKey, network, kind: 3, onboardingFee: 0, locationFee: 0 })], [team]);
    expect(kindFees(await fetchFeeSchedule(gw.ctx.network, network), 3).onboardingFee).to.equal(0n);
  });
});
