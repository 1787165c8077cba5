// Adversarial suite of the device onboarding economy: makers (set_makers_required, approve_maker,
// revoke_maker), fees in credits (set_device_fees, the fee burn inside register_device,
// assert_location, reactivate_device) and the credits program's burn_fee, which only the network
// program may call. Same contract as network.test.ts: each attack fails with one specific error
// and leaves every account it touches (and the payer) byte-for-byte unchanged, so one world
// serves every attack. Account look-alikes are made by the attacker program with real transactions (tests/support/attacks.ts), so it runs on a cluster too.
import BN from "bn.js";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createAssociatedTokenAccountIdempotent, createMint, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { Groundwork } from "../../sdk/src/groundwork";
import * as nix from "../../sdk/src/network/instructions";
import { devicePda, feeSchedulePda, makerPda, operatorPda } from "../../sdk/src/network/pda";
import { creditsConfigPda, tallyRingPda } from "../../sdk/src/credits/pda";
import { dcAccountAddress } from "../../sdk/src/credits/instructions";
import { GroundworkNetworkIdl } from "../../sdk/src/idl/groundwork_network";
import { GroundworkCreditsIdl } from "../../sdk/src/idl/groundwork_credits";
import { CREDITS_PROGRAM_ID, REWARDS_PROGRAM_ID } from "../../sdk/src/ids";
import { Attack, CaseKind, runCase, sender, ATTACKER_PROGRAM_ID } from "../support/attacks";
import { attacks, Target } from "./spec";
import { attestationInstruction, attestationMessage, signAttestation } from "../../sdk/src/network/attestation";
import { ed25519Data, ed25519Ix, redirectedKey, signed } from "../support/ed25519";

const netIdl = GroundworkNetworkIdl as unknown as Idl;
const credIdl = GroundworkCreditsIdl as unknown as Idl;
const SUITE = "adversarial: makers and fees";
const KIND = 1; // made by the maker, priced: onboarding 50, location 20
const FREE_KIND = 2; // made by the maker, unpriced

interface World {
  env: TestEnv;
  gw: Groundwork;
  team: Keypair;
  network: PublicKey;
  /** A second network (no makers, no fees) for cross-network substitutions. */
  network2: PublicKey;
  mint: PublicKey;
  dcMint: PublicKey;
  maker: Keypair; // approved for KIND and FREE_KIND, stake 5,000 (1,000 required)
  revokedMaker: Keypair;
  op: Keypair; // operator wallet, staked for 5 devices, one registered (device), one deactivated (retired)
  sponsor: Keypair; // a third party holding credits who pays fees
  poor: Keypair; // holds 10 credits, less than either fee
  device: Keypair;
  retired: Keypair;
}

async function funded(env: TestEnv, mint: PublicKey, authority: Keypair, tokens: number): Promise<Keypair> {
  const w = Keypair.generate();
  await env.airdrop(w.publicKey);
  const ata = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w.publicKey);
  if (tokens > 0) await mintTo(env.connection, env.payer, mint, ata, authority, tokens);
  return w;
}

async function world(): Promise<World> {
  const env = testEnv();
  const gw = Groundwork.connect(env.provider);
  const team = Keypair.generate();
  await env.airdrop(team.publicKey);
  const mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
  const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
  const base = {
    mint, treasury, epochLengthSecs: 3_600, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
    maxSlashBps: 5_000, slashDestination: "burn" as const, oracles: [team.publicKey], oracleThreshold: 1,
  };
  const created = await gw.team(team).createNetwork({ ...base, credits: { mode: "fixed", creditsPerToken: 10, breakerWindowSecs: 3_600, breakerMaxCredits: 1_000_000 } });
  const network = created.network;
  const other = Keypair.generate();
  await env.airdrop(other.publicKey);
  const network2 = (await gw.team(other).createNetwork({ ...base, oracles: [other.publicKey] })).network;
  const [maker, revokedMaker, op, sponsor, poor] = [
    await funded(env, mint, team, 10_000), await funded(env, mint, team, 10_000), await funded(env, mint, team, 10_000),
    await funded(env, mint, team, 1_000), await funded(env, mint, team, 1_000),
  ];
  for (const m of [maker, revokedMaker]) {
    await gw.maker(network, m).stake(5_000);
    await gw.team(team).approveMaker(network, { makerKey: m.publicKey, nameHash: Array(32).fill(m === maker ? 1 : 2), kinds: [KIND, FREE_KIND], stakeRequired: 1_000 });
  }
  await gw.team(team).revokeMaker(network, revokedMaker.publicKey);
  await gw.team(team).setMakersRequired(network, true);
  await gw.team(team).setDeviceFees(network, KIND, { onboardingFee: 50, locationFee: 20 });
  for (const w of [op, sponsor, maker]) {
    await gw.customer(network, w).openCreditsAccount();
    await gw.customer(network, w).buyCredits(100);
  }
  await gw.customer(network, poor).openCreditsAccount();
  await gw.customer(network, poor).buyCredits(1);
  const operator = gw.operator(network, op);
  await operator.register();
  await operator.stake(5_000);
  const device = Keypair.generate();
  const retired = Keypair.generate();
  await operator.registerDevice(device, { kind: KIND, location: 7, metadataHash: Array(32).fill(7) }, { maker });
  await operator.registerDevice(retired, { kind: KIND, location: 8, metadataHash: Array(32).fill(8) }, { maker });
  await operator.deactivateDevice(retired.publicKey);
  return { env, gw, team, network, network2, mint, dcMint: created.dcMint!, maker, revokedMaker, op, sponsor, poor, device, retired };
}

describe(SUITE, function () {
  let w: World;
  before(async function () {
    w = await world();
  });
  const env = () => w.env;
  const prog = () => w.gw.ctx.network;
  const T = (idl: Idl, instruction: string, build: () => Promise<TransactionInstruction>, signers: () => Keypair[], watched: () => PublicKey[]): Target => ({ env, idl, instruction, build, signers, watched });
  const domain = (program: string, instruction: string, kind: CaseKind, what: string, expect: string, watched: () => PublicKey[], build: () => Promise<TransactionInstruction>, signers: () => Keypair[]) => {
    const title = `${instruction}: ${kind} (${what}) → ${expect}`;
    it(title, async () => {
      await runCase(env(), { program, instruction, kind, what, expect }, sender(env(), build, signers()), watched(), `${SUITE} ${title}`);
    });
  };
  const netCase = (instruction: string, kind: CaseKind, what: string, expect: string, watched: () => PublicKey[], build: () => Promise<TransactionInstruction>, signers: () => Keypair[]) =>
    domain("groundwork_network", instruction, kind, what, expect, watched, build, signers);
  /** Runs the case with registration paused, then resumes. */
  const pausedCase = (instruction: string, watched: () => PublicKey[], build: () => Promise<TransactionInstruction>, signers: () => Keypair[]) => {
    const title = `${instruction}: paused (registration paused) → RegistrationPaused`;
    it(title, async () => {
      await w.gw.team(w.team).setPaused(w.network, nix.PAUSE.registration);
      try {
        await runCase(env(), { program: "groundwork_network", instruction, kind: "paused", what: "registration paused", expect: "RegistrationPaused" }, sender(env(), build, signers()), watched(), `${SUITE} ${title}`);
      } finally {
        await w.gw.team(w.team).setPaused(w.network, 0);
      }
    });
  };
  const fee = (owner: () => Keypair = () => w.sponsor) => ({ owner: owner().publicKey, dcMint: w.dcMint });
  const dc = (k: Keypair) => dcAccountAddress(w.dcMint, k.publicKey);
  const feeWatch = () => [dc(w.sponsor), w.dcMint, tallyRingPda(w.network)];

  const networkAttacks = (writable: boolean, substituted: string): Attack[] => [
    ...(writable ? [{ kind: "not writable", role: "network", expect: "AccountNotMutable" } as Attack] : []),
    { kind: "wrong owner", role: "network", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "network", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
    { kind: "substituted account", role: "network", expect: substituted, replacement: () => w.network2, note: "another network" },
    { kind: "uninitialised account", role: "network", expect: "AccountNotInitialized" },
  ];
  // The fee-paying accounts shared by register_device, assert_location and reactivate_device.
  const feeAttacks = (): Attack[] => [
    { kind: "missing signer", role: "fee_payer", expect: "AccountNotSigner" },
    { kind: "wrong signer", role: "fee_payer", expect: "NotHolder", note: "a key that does not own the DC account" },
    { kind: "not writable", role: "fee_dc_account", expect: "AccountNotMutable" },
    { kind: "substituted account", role: "fee_dc_account", expect: "NotHolder", replacement: () => dc(w.op), note: "the operator's DC account, signed by the sponsor" },
    { kind: "wrong mint", role: "dc_mint", expect: "ConstraintAddress", replacement: () => w.mint, note: "the network token mint" },
    { kind: "substituted account", role: "credits_config", expect: "AccountDidNotDeserialize", replacement: () => tallyRingPda(w.network), note: "the tally ring (type confusion)" },
    { kind: "substituted account", role: "tally_ring", expect: "AccountDidNotDeserialize", replacement: () => creditsConfigPda(w.network), note: "the credits config (type confusion)" },
    { kind: "wrong program id", role: "credits_program", expect: "InvalidProgramId", replacement: REWARDS_PROGRAM_ID },
    { kind: "wrong program id", role: "dc_token_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    { kind: "wrong owner", role: "fee_schedule", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "fee_schedule", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
    { kind: "substituted account", role: "fee_schedule", expect: "AccountDidNotDeserialize", replacement: () => makerPda(w.network, w.maker.publicKey), note: "a Maker account (type confusion)" },
    { kind: "wrong PDA", role: "fee_schedule", expect: "FeeAccountsMissing", replacement: () => prog().programId, note: "left out (the program id)" },
    { kind: "uninitialised account", role: "fee_schedule", expect: "AccountNotInitialized" },
  ];

  describe("governance: makers and fees", () => {
    const governedAttacks: Attack[] = [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
    ];
    attacks(T(netIdl, "set_makers_required", () => nix.setMakersRequiredIx(prog(), { authority: w.team.publicKey, network: w.network, required: false }), () => [w.team], () => [w.network]), [
      ...governedAttacks,
      ...networkAttacks(true, "Unauthorized"),
    ], SUITE);

    const approve = (over: Partial<nix.ApproveMakerArgs> = {}) => () =>
      nix.approveMakerIx(prog(), { payer: w.env.payer.publicKey, authority: w.team.publicKey, network: w.network, makerKey: w.op.publicKey, nameHash: Array(32).fill(3), kinds: [KIND], stakeRequired: 1_000, ...over });
    const approveWatch = () => [w.network, operatorPda(w.network, w.op.publicKey), makerPda(w.network, w.op.publicKey)];
    attacks(T(netIdl, "approve_maker", approve(), () => [w.team], approveWatch), [
      ...governedAttacks,
      { kind: "not writable", role: "maker", expect: "AccountNotMutable" },
      ...networkAttacks(false, "Unauthorized"),
      { kind: "wrong owner", role: "maker_operator", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "maker_operator", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "substituted account", role: "maker_operator", expect: "ConstraintSeeds", replacement: () => operatorPda(w.network, w.maker.publicKey), note: "another key's operator account" },
      { kind: "uninitialised account", role: "maker_operator", expect: "AccountNotInitialized" },
      { kind: "wrong PDA", role: "maker", expect: "ConstraintSeeds", replacement: () => makerPda(w.network2, w.op.publicKey), note: "PDA under another network" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    netCase("approve_maker", "zero amount", "stake_required = 0", "ZeroAmount", approveWatch, approve({ stakeRequired: 0 }), () => [w.team]);
    netCase("approve_maker", "overflowing amount", "stake_required above the key's active stake", "MakerUnderstaked", approveWatch, approve({ stakeRequired: new BN("18446744073709551615") }), () => [w.team]);
    netCase("approve_maker", "replay", "approve the same maker key twice", "AccountDiscriminatorAlreadySet", () => [w.network, makerPda(w.network, w.maker.publicKey)],
      () => nix.approveMakerIx(prog(), { payer: w.env.payer.publicKey, authority: w.team.publicKey, network: w.network, makerKey: w.maker.publicKey, nameHash: Array(32).fill(1), kinds: [KIND], stakeRequired: 1_000 }), () => [w.team]);

    const revoke = (maker: () => Keypair = () => w.maker) => () => nix.revokeMakerIx(prog(), { authority: w.team.publicKey, network: w.network, makerKey: maker().publicKey });
    const revokeWatch = () => [w.network, makerPda(w.network, w.maker.publicKey)];
    attacks(T(netIdl, "revoke_maker", revoke(), () => [w.team], revokeWatch), [
      ...governedAttacks,
      ...networkAttacks(false, "Unauthorized"),
      { kind: "not writable", role: "maker", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "maker", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "maker", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "substituted account", role: "maker", expect: "AccountDidNotDeserialize", replacement: () => operatorPda(w.network, w.maker.publicKey), note: "an Operator account (type confusion)" },
      { kind: "uninitialised account", role: "maker", expect: "AccountNotInitialized" },
    ], SUITE);
    netCase("revoke_maker", "replay", "revoke a revoked maker", "MakerRevoked", () => [w.network, makerPda(w.network, w.revokedMaker.publicKey)], revoke(() => w.revokedMaker), () => [w.team]);

    const fees = (kind = 9) => () => nix.setDeviceFeesIx(prog(), { payer: w.env.payer.publicKey, authority: w.team.publicKey, network: w.network, kind, onboardingFee: 5, locationFee: 1 });
    attacks(T(netIdl, "set_device_fees", fees(), () => [w.team], () => [w.network, feeSchedulePda(w.network)]), [
      ...governedAttacks,
      { kind: "not writable", role: "fee_schedule", expect: "AccountNotMutable" },
      ...networkAttacks(true, "Unauthorized"),
      { kind: "wrong PDA", role: "fee_schedule", expect: "ConstraintSeeds", replacement: () => feeSchedulePda(w.network2), note: "PDA under another network" },
      { kind: "look-alike (same owner, other address)", role: "fee_schedule", expect: "ConstraintSeeds", note: "a copy of the schedule at another address",
        embeddedOnly: "a copy of the schedule owned by the network program at another address, which no attacker can create" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
  });

  describe("register_device with a maker and a fee", () => {
    let fresh: Keypair;
    beforeEach(() => { fresh = Keypair.generate(); });
    const reg = (over: Partial<nix.RegisterDeviceArgs> = {}) => () =>
      nix.registerDeviceIx(prog(), { payer: w.env.payer.publicKey, authority: w.op.publicKey, network: w.network, deviceKey: fresh.publicKey, kind: KIND, location: 9, metadataHash: Array(32).fill(9), maker: w.maker.publicKey, fee: fee(), ...over });
    const signers = () => [w.op, fresh, w.maker, w.sponsor];
    const watch = () => [w.network, operatorPda(w.network, w.op.publicKey), devicePda(w.network, fresh.publicKey), makerPda(w.network, w.maker.publicKey), ...feeWatch()];
    attacks(T(netIdl, "register_device", reg(), signers, watch), [
      { kind: "missing signer", role: "maker_key", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "maker_key", expect: "NotMakerKey" },
      { kind: "not writable", role: "maker", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "maker", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "maker", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "substituted account", role: "maker", expect: "NotMakerKey", replacement: () => makerPda(w.network, w.revokedMaker.publicKey), note: "another maker's account" },
      { kind: "uninitialised account", role: "maker", expect: "AccountNotInitialized" },
      { kind: "wrong PDA", role: "maker", expect: "MakerRequired", replacement: () => prog().programId, note: "left out (the program id)" },
      { kind: "substituted account", role: "maker_operator", expect: "ConstraintAddress", replacement: () => operatorPda(w.network, w.op.publicKey), note: "the operator's own stake account" },
      ...feeAttacks(),
    ], SUITE);
    netCase("register_device", "replay", "a revoked maker co-signs", "MakerRevoked", watch, () => reg({ maker: w.revokedMaker.publicKey })(), () => [w.op, fresh, w.revokedMaker, w.sponsor]);
    netCase("register_device", "wrong signer", "a kind the maker may not issue", "MakerKindNotAllowed", watch, reg({ kind: 3 }), signers);
    domain("groundwork_network", "register_device", "overflowing amount", "a fee payer with fewer credits than the fee", "InsufficientCredits",
      () => [w.network, operatorPda(w.network, w.op.publicKey), dc(w.poor)], () => reg({ fee: fee(() => w.poor) })(), () => [w.op, fresh, w.maker, w.poor]);

    // The maker absent, its offline attestation in an Ed25519SigVerify instruction before
    // register_device (docs/makers.md, "Stranded devices"): the maker never signs these.
    const attestedReg = (over: Partial<nix.RegisterDeviceArgs> = {}) => reg({ makerAttested: true, ...over });
    const attestedCase = (kind: CaseKind, what: string, expect: string, build: () => Promise<TransactionInstruction[]>, withFee = true) => {
      const title = `register_device: ${kind} (${what}) → ${expect}`;
      it(title, async () => {
        const signers = withFee ? [w.op, fresh, w.sponsor] : [w.op, fresh];
        await runCase(env(), { program: "groundwork_network", instruction: "register_device", kind, what, expect }, sender(env(), build, signers), watch(), `${SUITE} ${title}`);
      });
    };
    const attestedBy = (maker: Keypair, network: () => PublicKey, device: () => PublicKey, kind = KIND) => attestationInstruction(signAttestation(maker, network(), device(), kind));
    const freshKey = () => fresh.publicKey;
    attestedCase("wrong signer", "attestation signed by another key", "AttestationWrongMaker", async () => [attestedBy(w.op, () => w.network, freshKey), await attestedReg()()]);
    attestedCase("wrong signer", "no attestation instruction before register_device", "MakerAttestationMissing", async () => [await attestedReg()()]);
    attestedCase("wrong signer", "Ed25519 offsets reading the key from another instruction", "AttestationOffsetsInvalid", async () => {
      const message = attestationMessage(w.network, fresh.publicKey, KIND);
      const ix = await attestedReg({ metadataHash: w.op.publicKey.toBytes() })();
      return [redirectedKey(w.op, w.maker.publicKey.toBytes(), message, 1, 18), ix];
    });
    attestedCase("wrong signer", "two signatures in the Ed25519 instruction (free kind)", "AttestationSignatureCount", async () => {
      const message = attestationMessage(w.network, fresh.publicKey, FREE_KIND);
      return [ed25519Ix(ed25519Data([signed(w.maker, message), signed(w.op, message)])), await attestedReg({ kind: FREE_KIND, fee: undefined })()];
    }, false);
    attestedCase("wrong PDA", "attestation for another network", "AttestationWrongNetwork", async () => [attestedBy(w.maker, () => w.network2, freshKey), await attestedReg()()]);
    attestedCase("wrong PDA", "attestation for another device key", "AttestationWrongDevice", async () => [attestedBy(w.maker, () => w.network, () => w.device.publicKey), await attestedReg()()]);
    attestedCase("wrong PDA", "attestation for another kind", "AttestationWrongKind", async () => [attestedBy(w.maker, () => w.network, freshKey, FREE_KIND), await attestedReg()()]);
    attestedCase("wrong PDA", "another account in the Instructions sysvar's place", "ConstraintAddress", async () => {
      const ix = await attestedReg()();
      ix.keys[18].pubkey = w.sponsor.publicKey;
      return [attestedBy(w.maker, () => w.network, freshKey), ix];
    });
    attestedCase("wrong signer", "a message other than an attestation, signed by the maker", "AttestationMalformed", async () => {
      const message = Buffer.from(attestationMessage(w.network, fresh.publicKey, KIND));
      message.write("groundwork:maker-attestation:v0", 0, "ascii");
      return [ed25519Ix(ed25519Data([signed(w.maker, message)])), await attestedReg()()];
    });
    attestedCase("replay", "a revoked maker's attestation", "MakerRevoked", async () => [attestedBy(w.revokedMaker, () => w.network, freshKey), await attestedReg({ maker: w.revokedMaker.publicKey })()]);
  });

  describe("assert_location and reactivate_device", () => {
    const move = (location = 11, over: { fee?: nix.FeePayment; authority?: PublicKey; device?: PublicKey } = {}) => () =>
      nix.assertLocationIx(prog(), { authority: over.authority ?? w.op.publicKey, network: w.network, deviceKey: over.device ?? w.device.publicKey, location, fee: "fee" in over ? over.fee : fee() });
    const moveWatch = () => [w.network, devicePda(w.network, w.device.publicKey), ...feeWatch()];
    attacks(T(netIdl, "assert_location", move(), () => [w.op, w.sponsor], moveWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(false, "WrongNetwork"),
      { kind: "wrong owner", role: "operator", expect: "AccountOwnedByWrongProgram" },
      { kind: "substituted account", role: "operator", expect: "NotOperatorAuthority", replacement: () => operatorPda(w.network, w.maker.publicKey), note: "another wallet's operator" },
      { kind: "not writable", role: "device", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "device", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "device", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "uninitialised account", role: "device", expect: "AccountNotInitialized" },
      ...feeAttacks(),
    ], SUITE);
    netCase("assert_location", "replay", "assert the current cell again", "LocationUnchanged", moveWatch, move(7), () => [w.op, w.sponsor]);
    netCase("assert_location", "overflowing amount", "a fee payer with fewer credits than the fee", "InsufficientCredits", () => [w.network, devicePda(w.network, w.device.publicKey), dc(w.poor)],
      () => move(11, { fee: fee(() => w.poor) })(), () => [w.op, w.poor]);
    netCase("assert_location", "zero amount", "an inactive device", "DeviceInactive", () => [w.network, devicePda(w.network, w.retired.publicKey)], () => move(11, { device: w.retired.publicKey })(), () => [w.op, w.sponsor]);
    pausedCase("assert_location", moveWatch, move(), () => [w.op, w.sponsor]);

    const react = (over: { fee?: nix.FeePayment; device?: Keypair } = {}) => () =>
      nix.reactivateDeviceIx(prog(), { authority: w.op.publicKey, network: w.network, deviceKey: (over.device ?? w.retired).publicKey, fee: "fee" in over ? over.fee : fee() });
    const reactWatch = () => [w.network, operatorPda(w.network, w.op.publicKey), devicePda(w.network, w.retired.publicKey), ...feeWatch()];
    attacks(T(netIdl, "reactivate_device", react(), () => [w.op, w.retired, w.sponsor], reactWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "device_key", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      { kind: "wrong signer", role: "device_key", expect: "ConstraintHasOne", note: "a key that is not the device's" },
      ...networkAttacks(true, "WrongNetwork"),
      { kind: "not writable", role: "operator", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "operator", expect: "AccountOwnedByWrongProgram" },
      { kind: "not writable", role: "device", expect: "AccountNotMutable" },
      { kind: "look-alike (other program)", role: "device", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "uninitialised account", role: "device", expect: "AccountNotInitialized" },
      ...feeAttacks(),
    ], SUITE);
    netCase("reactivate_device", "replay", "reactivate an active device", "DeviceActive", () => [w.network, devicePda(w.network, w.device.publicKey)], () => react({ device: w.device })(), () => [w.op, w.device, w.sponsor]);
    netCase("reactivate_device", "overflowing amount", "a fee payer with fewer credits than the fee", "InsufficientCredits", () => [w.network, devicePda(w.network, w.retired.publicKey), dc(w.poor)],
      () => react({ fee: fee(() => w.poor) })(), () => [w.op, w.retired, w.poor]);
    pausedCase("reactivate_device", reactWatch, react(), () => [w.op, w.retired, w.sponsor]);
  });

  describe("credits burn_fee", () => {
    // Only the network program can sign for the network account: a direct call fails there.
    const burn = (networkKey: () => PublicKey, signed: boolean) => async () => {
      const ix = await w.gw.ctx.credits.methods
        .burnFee(new BN(1), 0, PublicKey.default)
        .accountsPartial({ network: networkKey(), owner: w.sponsor.publicKey, config: creditsConfigPda(w.network), dcMint: w.dcMint, dcAccount: dc(w.sponsor), tallyRing: tallyRingPda(w.network), dcTokenProgram: new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb") })
        .instruction();
      ix.keys[0].isSigner = signed;
      return ix;
    };
    const watch = () => [w.network, ...feeWatch()];
    attacks(T(credIdl, "burn_fee", burn(() => w.network, true), () => [w.sponsor], watch), [
      { kind: "missing signer", role: "network", expect: "AccountNotSigner", note: "only the network program can sign for it" },
    ], SUITE);
    domain("groundwork_credits", "burn_fee", "wrong signer", "a wallet signing in the network's place", "ConstraintAddress", watch, burn(() => w.poor.publicKey, true), () => [w.sponsor, w.poor]);
  });
});
