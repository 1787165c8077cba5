// Stranded devices (issue #16): a maker attests a device offline at manufacture; its owner onboards
// it later without the maker, paying the fee. Driven through the SDK as the maker (offline) and the
// owner would; the attacks build the transaction by hand, as an attacker reading the program would.
// Runs on the embedded SVM and on a validator (no setAccount).
import { expect } from "chai";
import { createHash } from "crypto";
import { Ed25519Program, Keypair, PublicKey, SYSVAR_INSTRUCTIONS_PUBKEY, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createAssociatedTokenAccountIdempotent, createMint, getAccount, mintTo, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { snapshot, expectUnchanged } from "../support/assertions";
import { Groundwork } from "../../sdk/src/groundwork";
import { NetworkConfig } from "../../sdk/src/clients/team";
import { GroundworkAccountError, NetworkErrors } from "../../sdk/src/errors";
import { devicePda, makerPda, operatorPda } from "../../sdk/src/network/pda";
import { fetchDevice, fetchMaker } from "../../sdk/src/network/accounts";
import { fetchTallyRing } from "../../sdk/src/credits/accounts";
import { dcAccountAddress } from "../../sdk/src/credits/instructions";
import { registerDeviceIx, RegisterDeviceArgs } from "../../sdk/src/network/instructions";
import { feePayment } from "../../sdk/src/clients/fees";
import { computeBudgetInstructions } from "../../sdk/src/tx";
import { NETWORK_PROGRAM_ID } from "../../sdk/src/ids";
import { ed25519Sign } from "../../sdk/src/reports/format";
import { ed25519Data, ed25519Ix, redirectedKey, signed } from "../support/ed25519";
import {
  attestationFromText, attestationInstruction, attestationMessage, attestationToHex, decodeAttestation, encodeAttestation, MakerAttestation,
  MakerAttestationError, signAttestation,
} from "../../sdk/src/network/attestation";

const EPOCH = 3_600;
const LOCATION = 0x8a2a1072b59ffffn;
const FEE = 40;
const sha = (s: string) => Array.from(createHash("sha256").update(s).digest());

describe("network: maker attestations (stranded devices)", function () {
  let env: TestEnv;
  let gw: Groundwork;
  let team: Keypair;
  let mint: PublicKey;
  let network: PublicKey;
  let dcMint: PublicKey;
  let maker: Keypair;
  let owner: Keypair;

  const config = (mintKey: PublicKey, treasury: PublicKey): NetworkConfig => ({
    mint: mintKey, treasury,
    epochLengthSecs: EPOCH, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 10, slashDisputeWindowSecs: 5,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: [Keypair.generate().publicKey], oracleThreshold: 1,
    credits: { mode: "fixed", creditsPerToken: 10, breakerWindowSecs: 3_600, breakerMaxCredits: 1_000_000 },
  });

  async function wallet(tokens: number): Promise<Keypair> {
    const w = Keypair.generate();
    await env.airdrop(w.publicKey);
    const ata = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w.publicKey);
    if (tokens > 0) await mintTo(env.connection, env.payer, mint, ata, team, tokens);
    return w;
  }

  const spec = (kind = 7) => ({ kind, location: LOCATION, metadataHash: sha(`device-${kind}`) });
  const creditsOf = async (who: PublicKey) => (await getAccount(env.connection, dcAccountAddress(dcMint, who), undefined, TOKEN_2022_PROGRAM_ID)).amount;
  const creditsSpent = async () => (await fetchTallyRing(gw.ctx.credits, network))!.slots.reduce((a, s) => a + BigInt(s.creditsSpent.toString()), 0n);
  const networkUnits = (logs: string[]) => Number(logs.map((l) => new RegExp(`^Program ${NETWORK_PROGRAM_ID.toBase58()} consumed (\\d+) of`).exec(l)).find((x) => x)?.[1]);

  /** The owner's register_device, the maker absent (attested), the owner paying the fee. */
  async function attestedIx(device: PublicKey, kind = 7, over: Partial<RegisterDeviceArgs> = {}): Promise<TransactionInstruction> {
    const { payment, feeSchedule } = await feePayment(gw.ctx, network, kind, "onboarding", owner.publicKey);
    return registerDeviceIx(gw.ctx.network, {
      payer: env.payer.publicKey, authority: owner.publicKey, network, deviceKey: device, ...spec(kind),
      maker: maker.publicKey, makerAttested: true, fee: payment, feeSchedule, ...over,
    });
  }
  const watched = (device: PublicKey) => [network, operatorPda(network, owner.publicKey), devicePda(network, device), makerPda(network, maker.publicKey), dcAccountAddress(dcMint, owner.publicKey)];
  /** Sends `ixs` signed by the owner and the device (never the maker) and returns the failure. */
  const failure = (ixs: TransactionInstruction[], device: Keypair) => gw.ctx.send(ixs, [owner, device]).then(() => new Error("landed"), (e: Error) => e);

  beforeEach(async () => {
    env = testEnv();
    gw = Groundwork.connect(env.provider);
    team = Keypair.generate();
    await env.airdrop(team.publicKey);
    mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
    const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
    const created = await gw.team(team).createNetwork(config(mint, treasury));
    network = created.network;
    dcMint = created.dcMint!;
    // An approved, staked maker for kinds 7 and 8; makers required; kind 7 costs 40 credits to onboard.
    maker = await wallet(10_000);
    await gw.maker(network, maker).stake(5_000);
    await gw.team(team).approveMaker(network, { makerKey: maker.publicKey, nameHash: sha("Acme Hotspots"), kinds: [7, 8], stakeRequired: 3_000 });
    await gw.team(team).setMakersRequired(network, true);
    await gw.team(team).setDeviceFees(network, 7, { onboardingFee: FEE, locationFee: 5 });
    // The owner: staked for three devices, holding 1,000 credits.
    owner = await wallet(10_000);
    const op = gw.operator(network, owner);
    await op.register();
    await op.stake(3_000);
    await gw.customer(network, owner).openCreditsAccount();
    await gw.customer(network, owner).buyCredits(100);
  });

  it("a maker that went quiet: its offline attestation onboards the device, the owner pays the fee, the maker is recorded and counted", async () => {
    const device = Keypair.generate();
    // At the factory, with no connection: the factory key signs; the attestation ships as hex.
    const shipped = attestationToHex(signAttestation(maker, network, device.publicKey, 7));
    expect(shipped).to.have.length(386);
    const attestation = attestationFromText(shipped);
    expect(attestation.makerKey.equals(maker.publicKey)).to.equal(true);
    expect(decodeAttestation(encodeAttestation(attestation))).to.deep.equal(attestation);
    // The same bytes through the maker persona.
    expect(gw.maker(network, maker).attestDevice(device.publicKey, 7).signature).to.deep.equal(attestation.signature);

    const spentBefore = await creditsSpent();
    const sent = await gw.operator(network, owner).registerDevice(device, spec(), { attestation });
    const d = (await fetchDevice(gw.ctx.network, network, device.publicKey))!;
    expect(d.maker.equals(makerPda(network, maker.publicKey))).to.equal(true);
    expect(d.operator.equals(operatorPda(network, owner.publicKey))).to.equal(true);
    expect((await fetchMaker(gw.ctx.network, network, maker.publicKey))!.devicesOnboarded.toNumber()).to.equal(1);
    expect(await creditsOf(owner.publicKey)).to.equal(1_000n - BigInt(FEE));
    expect((await creditsSpent()) - spentBefore).to.equal(BigInt(FEE));
    const events = await gw.events.decode(sent.logs);
    const onboarded = events.find((e) => e.name === "DeviceOnboarded")!.data as { maker: PublicKey; fee_payer: PublicKey; fee: { toNumber(): number } };
    expect(onboarded.maker.equals(makerPda(network, maker.publicKey))).to.equal(true);
    expect(onboarded.fee_payer.equals(owner.publicKey)).to.equal(true);
    expect(onboarded.fee.toNumber()).to.equal(FEE);
    expect(events.map((e) => e.name)).to.include.members(["FeeBurned", "DeviceRegistered"]);
    const program = networkUnits(sent.logs);
    console.log(`      CU register_device, attested maker, owner pays the fee: ${program} (network program), ${sent.computeUnits} (transaction)`);
    expect(program).to.be.at.most(12_000);
  });

  it("the attested onboarding with fee accounts fits one transaction (1,232 bytes), compute-budget instructions included", async () => {
    const device = Keypair.generate();
    const attestation = signAttestation(maker, network, device.publicKey, 7);
    const ixs = [...computeBudgetInstructions({ computeUnitLimit: 200_000, priorityFeeMicroLamports: 1 }), attestationInstruction(attestation), await attestedIx(device.publicKey)];
    const tx = new Transaction().add(...ixs);
    tx.feePayer = env.payer.publicKey;
    tx.recentBlockhash = (await env.connection.getLatestBlockhash()).blockhash;
    tx.sign(env.payer, owner, device);
    const bytes = tx.serialize().length;
    // The same without the compute-budget instructions, as the SDK sends by default.
    const plain = new Transaction().add(...ixs.slice(2));
    plain.feePayer = env.payer.publicKey;
    plain.recentBlockhash = tx.recentBlockhash;
    plain.sign(env.payer, owner, device);
    console.log(`      tx bytes, attested register_device with fee: ${plain.serialize().length} (${bytes} with compute limit and price)`);
    expect(bytes).to.be.at.most(1_232);
    await gw.ctx.send(ixs, [owner, device]);
    expect((await fetchDevice(gw.ctx.network, network, device.publicKey))!.maker.equals(makerPda(network, maker.publicKey))).to.equal(true);
  });

  it("the SDK refuses an attestation of another network, device or kind before sending", async () => {
    const device = Keypair.generate();
    const op = gw.operator(network, owner);
    const cases: [MakerAttestation, string][] = [
      [signAttestation(maker, Keypair.generate().publicKey, device.publicKey, 7), "wrong-network"],
      [signAttestation(maker, network, Keypair.generate().publicKey, 7), "wrong-device"],
      [signAttestation(maker, network, device.publicKey, 8), "wrong-kind"],
      [{ ...signAttestation(maker, network, device.publicKey, 7), signature: new Uint8Array(64) }, "bad-signature"],
    ];
    for (const [attestation, problem] of cases) {
      const err = await op.registerDevice(device, spec(), { attestation }).catch((e: Error) => e);
      expect(err, problem).to.be.instanceOf(MakerAttestationError);
      expect((err as MakerAttestationError).problem).to.equal(problem);
    }
    expect(() => attestationFromText("zz")).to.throw(MakerAttestationError);
    expect(() => decodeAttestation(new Uint8Array(193))).to.throw(MakerAttestationError, /malformed/);
  });

  describe("attacks on the program (transactions built by hand)", () => {
    it("an attestation for another network is refused", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const other = signAttestation(maker, Keypair.generate().publicKey, device.publicKey, 7);
      expect(await failure([attestationInstruction(other), await attestedIx(device.publicKey)], device)).to.be.instanceOf(NetworkErrors.AttestationWrongNetwork);
      await expectUnchanged(env.connection, before);
    });

    it("an attestation for another kind is refused (the maker may issue both kinds)", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const for8 = signAttestation(maker, network, device.publicKey, 8);
      expect(await failure([attestationInstruction(for8), await attestedIx(device.publicKey, 7)], device)).to.be.instanceOf(NetworkErrors.AttestationWrongKind);
      await expectUnchanged(env.connection, before);
    });

    it("one attestation onboards one device key: replayed for a second device it is refused, replayed for the same device the account exists", async () => {
      const a = Keypair.generate();
      const b = Keypair.generate();
      const attestation = signAttestation(maker, network, a.publicKey, 7);
      await gw.operator(network, owner).registerDevice(a, spec(), { attestation });
      const before = await snapshot(env.connection, watched(b.publicKey));
      expect(await failure([attestationInstruction(attestation), await attestedIx(b.publicKey)], b)).to.be.instanceOf(NetworkErrors.AttestationWrongDevice);
      await expectUnchanged(env.connection, before);
      // The same device again: its PDA ["device", network, device_key] already exists.
      const again = await failure([attestationInstruction(attestation), await attestedIx(a.publicKey)], a);
      expect(String(again)).to.match(/AccountDiscriminatorAlreadySet|already in use/);
      expect((await fetchMaker(gw.ctx.network, network, maker.publicKey))!.devicesOnboarded.toNumber()).to.equal(1);
    });

    it("a message that is not an attestation, signed by the maker key, is refused (tag, length)", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const good = attestationMessage(network, device.publicKey, 7);
      const retagged = Buffer.from(good);
      retagged.write("groundwork:maker-attestation:v2", 0, "ascii");
      const longer = Buffer.concat([Buffer.from(good), Buffer.from([0])]);
      for (const message of [retagged, longer, good.subarray(0, 96)]) {
        const ix = ed25519Ix(ed25519Data([signed(maker, message)]));
        expect(await failure([ix, await attestedIx(device.publicKey)], device)).to.be.instanceOf(NetworkErrors.AttestationMalformed);
      }
      await expectUnchanged(env.connection, before);
    });

    it("a valid attestation signed by another key is refused", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const impostor = Keypair.generate();
      const ix = ed25519Ix(ed25519Data([signed(impostor, attestationMessage(network, device.publicKey, 7))]));
      expect(await failure([ix, await attestedIx(device.publicKey)], device)).to.be.instanceOf(NetworkErrors.AttestationWrongMaker);
      await expectUnchanged(env.connection, before);
    });

    it("a forged signature never lands: the runtime's Ed25519SigVerify rejects the transaction", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const forged = { ...signAttestation(maker, network, device.publicKey, 7) };
      forged.signature = Uint8Array.from(forged.signature);
      forged.signature[0] ^= 1;
      const err = await failure([attestationInstruction(forged), await attestedIx(device.publicKey)], device);
      expect(String(err)).to.not.equal("Error: landed");
      expect(err).to.not.be.instanceOf(NetworkErrors.AttestationWrongMaker);
      await expectUnchanged(env.connection, before);
    });

    it("no attestation: without the Ed25519 instruction, without the sysvar, or with the Ed25519 instruction not immediately before", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const attestation = signAttestation(maker, network, device.publicKey, 7);
      expect(await failure([await attestedIx(device.publicKey)], device)).to.be.instanceOf(NetworkErrors.MakerAttestationMissing);
      const noSysvar = await attestedIx(device.publicKey);
      noSysvar.keys = noSysvar.keys.slice(0, 18);
      expect(await failure([attestationInstruction(attestation), noSysvar], device)).to.be.instanceOf(NetworkErrors.MakerAttestationMissing);
      const between = SystemProgram.transfer({ fromPubkey: env.payer.publicKey, toPubkey: owner.publicKey, lamports: 1 });
      expect(await failure([attestationInstruction(attestation), between, await attestedIx(device.publicKey)], device)).to.be.instanceOf(NetworkErrors.MakerAttestationMissing);
      await expectUnchanged(env.connection, before);
    });

    it("another account in the Instructions sysvar's place is refused", async () => {
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const ix = await attestedIx(device.publicKey);
      expect(ix.keys[18].pubkey.equals(SYSVAR_INSTRUCTIONS_PUBKEY)).to.equal(true);
      ix.keys[18].pubkey = Keypair.generate().publicKey;
      const err = await failure([attestationInstruction(signAttestation(maker, network, device.publicKey, 7)), ix], device);
      expect(err).to.be.instanceOf(GroundworkAccountError);
      expect((err as GroundworkAccountError).account).to.equal("instructions_sysvar");
      await expectUnchanged(env.connection, before);
    });

    it("an Ed25519 instruction with two signatures is refused, even when the first is the maker's attestation", async () => {
      // Kind 8 is free: two signatures and the fee accounts would not fit one transaction.
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const good = attestationMessage(network, device.publicKey, 8);
      const ix = ed25519Ix(ed25519Data([signed(maker, good), signed(Keypair.generate(), good)]));
      expect(await failure([ix, await attestedIx(device.publicKey, 8)], device)).to.be.instanceOf(NetworkErrors.AttestationSignatureCount);
      await expectUnchanged(env.connection, before);
    });

    it("offsets pointing into another instruction are refused (the key the runtime verified is not the maker's)", async () => {
      // The runtime verifies the impostor's signature with the impostor's key, read from the
      // register_device data (its metadata hash, offset 18); at the same offset of its own data
      // the Ed25519 instruction carries the maker's key, which a parser reading its own data
      // without checking the instruction index would take as verified.
      const device = Keypair.generate();
      const before = await snapshot(env.connection, watched(device.publicKey));
      const impostor = Keypair.generate();
      const message = attestationMessage(network, device.publicKey, 7);
      const register = await attestedIx(device.publicKey, 7, { metadataHash: impostor.publicKey.toBytes() });
      expect(register.data.subarray(18, 50).equals(impostor.publicKey.toBuffer())).to.equal(true);
      expect(await failure([redirectedKey(impostor, maker.publicKey.toBytes(), message, 1, 18), register], device)).to.be.instanceOf(NetworkErrors.AttestationOffsetsInvalid);
      await expectUnchanged(env.connection, before);
    });

    it("a revoked maker's attestations stop working; an understaked maker's too", async () => {
      const device = Keypair.generate();
      const attestation = signAttestation(maker, network, device.publicKey, 7);
      await gw.operator(network, maker).requestUnstake(2_500);
      let before = await snapshot(env.connection, watched(device.publicKey));
      expect(await gw.operator(network, owner).registerDevice(device, spec(), { attestation }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerUnderstaked);
      await expectUnchanged(env.connection, before);
      await gw.maker(network, maker).stake(2_500);
      await gw.team(team).revokeMaker(network, maker.publicKey);
      before = await snapshot(env.connection, watched(device.publicKey));
      expect(await gw.operator(network, owner).registerDevice(device, spec(), { attestation }).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.MakerRevoked);
      await expectUnchanged(env.connection, before);
    });
  });
});
