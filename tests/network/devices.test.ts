import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, Operator, num, hash32 } from "./setup";
import { deactivateDeviceIx, PAUSE, registerDeviceIx, setPausedIx, transferDeviceIx } from "../../sdk/src/network/instructions";
import { fetchDevice, fetchNetwork, fetchOperator, listOperatorDevices } from "../../sdk/src/network/accounts";
import { devicePda } from "../../sdk/src/network/pda";

describe("network: devices", () => {
  let f: Fixture;
  let op: Operator;

  beforeEach(async () => {
    f = await setup();
    // 2,000 active: room for two devices at 1,000 each.
    op = await f.newOperator({ stake: 2_000 });
  });

  const register = (device: Keypair, o: Operator = op, kind = 7) =>
    registerDeviceIx(f.program, { payer: o.wallet.publicKey, authority: o.wallet.publicKey, network: f.network, deviceKey: device.publicKey, kind, location: new BN("8a2a1072b59ffff", 16), metadataHash: hash32(9) });

  it("register_device creates the device (device key signs), within 6,000 CU for 31 of 32 device keys", async () => {
    // The cost grows ~370 CU per bump the PDA search tries (canonical bump 255 costs least). Use
    // a key whose device PDA has bump 251, the most expensive case still within budget: keys
    // with bump ≥ 251 are 31/32 of all keys.
    let device = Keypair.generate();
    while (PublicKey.findProgramAddressSync([Buffer.from("device"), f.network.toBuffer(), device.publicKey.toBuffer()], f.program.programId)[1] !== 251) {
      device = Keypair.generate();
    }
    const sig = await f.send(await register(device), [op.wallet, device]);
    const d = (await fetchDevice(f.program, f.network, device.publicKey))!;
    expect(d.operator.toBase58()).to.equal(op.key.toBase58());
    expect(d.deviceKey.toBase58()).to.equal(device.publicKey.toBase58());
    expect(d.kind).to.equal(7);
    expect(d.location.toString(16)).to.equal("8a2a1072b59ffff");
    expect(d.metadataHash).to.deep.equal(hash32(9));
    expect(d.active).to.equal(1);
    expect((await fetchOperator(f.program, f.network, op.wallet.publicKey))!.deviceCount).to.equal(1);
    expect(num((await fetchNetwork(f.program, f.network)).activeDeviceCount)).to.equal(1);
    const [event] = await f.events(sig);
    expect(event.name).to.equal("deviceRegistered");
    expect(num(event.data.kind as number)).to.equal(7);
    const cu = await f.cu(sig);
    console.log(`      CU register_device (bump 251): ${cu}`);
    expect(cu).to.be.at.most(6_000);
  });

  it("register_device needs (devices + 1) x stake per device", async () => {
    const a = Keypair.generate();
    const b = Keypair.generate();
    await f.send(await register(a), [op.wallet, a]);
    await f.send(await register(b), [op.wallet, b]);
    const c = Keypair.generate();
    const before = await snapshot(f.env.connection, [f.network, op.key, devicePda(f.network, c.publicKey), op.wallet.publicKey]);
    await expectAnchorError(async () => f.send(await register(c), [op.wallet, c]), "InsufficientStake");
    await expectUnchanged(f.env.connection, before);
    const listed = await listOperatorDevices(f.program, f.network, op.key);
    expect(listed.map((d) => d.account.deviceKey.toBase58()).sort()).to.deep.equal([a.publicKey.toBase58(), b.publicKey.toBase58()].sort());
  });

  it("register_device rejects a missing device signature, a wrong PDA, a re-registration and a paused network", async () => {
    const device = Keypair.generate();
    const pda = devicePda(f.network, device.publicKey);
    const stranger = await f.newOperator({ stake: 5_000 });
    const before = await snapshot(f.env.connection, [f.network, op.key, pda]);
    const unsigned = await register(device);
    unsigned.keys.find((k) => k.pubkey.equals(device.publicKey))!.isSigner = false;
    await expectAnchorError(() => f.env.provider.sendAndConfirm(new Transaction().add(unsigned), [op.wallet]), "AccountNotSigner");
    const wrongPda = await register(device);
    wrongPda.keys[4].pubkey = devicePda(f.network, Keypair.generate().publicKey);
    await expectAnchorError(() => f.send(wrongPda, [op.wallet, device]), "ConstraintSeeds");
    const foreign = await register(device);
    foreign.keys[1].pubkey = stranger.wallet.publicKey;
    await expectAnchorError(() => f.send(foreign, [op.wallet, stranger.wallet, device]), "NotOperatorAuthority");
    await expectUnchanged(f.env.connection, before);

    await f.send(await register(device), [op.wallet, device]);
    const registered = await snapshot(f.env.connection, [f.network, op.key, pda]);
    await expectAnchorError(async () => f.send(await register(device, op, 8), [op.wallet, device]), "AccountDiscriminatorAlreadySet");
    await expectUnchanged(f.env.connection, registered);

    await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.registration }), [f.authority]);
    const other = Keypair.generate();
    const paused = await snapshot(f.env.connection, [op.key, devicePda(f.network, other.publicKey)]);
    await expectAnchorError(async () => f.send(await register(other), [op.wallet, other]), "RegistrationPaused");
    await expectUnchanged(f.env.connection, paused);
  });

  it("deactivate_device releases the device's stake; a second deactivation fails", async () => {
    const device = Keypair.generate();
    await f.send(await register(device), [op.wallet, device]);
    const sig = await f.send(await deactivateDeviceIx(f.program, { network: f.network, authority: op.wallet.publicKey, deviceKey: device.publicKey }), [op.wallet]);
    expect((await fetchDevice(f.program, f.network, device.publicKey))!.active).to.equal(0);
    expect((await fetchOperator(f.program, f.network, op.wallet.publicKey))!.deviceCount).to.equal(0);
    expect(num((await fetchNetwork(f.program, f.network)).activeDeviceCount)).to.equal(0);
    expect((await f.events(sig))[0].name).to.equal("deviceDeactivated");
    console.log(`      CU deactivate_device: ${await f.cu(sig)}`);
    const before = await snapshot(f.env.connection, [f.network, op.key, devicePda(f.network, device.publicKey)]);
    await expectAnchorError(async () => f.send(await deactivateDeviceIx(f.program, { network: f.network, authority: op.wallet.publicKey, deviceKey: device.publicKey }), [op.wallet]), "DeviceInactive");
    await expectUnchanged(f.env.connection, before);
  });

  it("deactivate_device refuses another operator's device", async () => {
    const device = Keypair.generate();
    await f.send(await register(device), [op.wallet, device]);
    const other = await f.newOperator({ stake: 1_000 });
    const before = await snapshot(f.env.connection, [f.network, op.key, other.key, devicePda(f.network, device.publicKey)]);
    await expectAnchorError(async () => f.send(await deactivateDeviceIx(f.program, { network: f.network, authority: other.wallet.publicKey, deviceKey: device.publicKey }), [other.wallet]), "ConstraintHasOne");
    await expectUnchanged(f.env.connection, before);
  });

  it("transfer_device moves a device when both operators sign and the receiver has stake", async () => {
    const device = Keypair.generate();
    await f.send(await register(device), [op.wallet, device]);
    const receiver = await f.newOperator({ stake: 1_000 });
    const sig = await f.send(await transferDeviceIx(f.program, { network: f.network, authority: op.wallet.publicKey, newAuthority: receiver.wallet.publicKey, deviceKey: device.publicKey }), [op.wallet, receiver.wallet]);
    expect((await fetchDevice(f.program, f.network, device.publicKey))!.operator.toBase58()).to.equal(receiver.key.toBase58());
    expect((await fetchOperator(f.program, f.network, op.wallet.publicKey))!.deviceCount).to.equal(0);
    expect((await fetchOperator(f.program, f.network, receiver.wallet.publicKey))!.deviceCount).to.equal(1);
    const [event] = await f.events(sig);
    expect(event.name).to.equal("deviceTransferred");
    console.log(`      CU transfer_device: ${await f.cu(sig)}`);
  });

  it("transfer_device rejects the same operator, a receiver without stake, a missing signature and an inactive device", async () => {
    const device = Keypair.generate();
    await f.send(await register(device), [op.wallet, device]);
    const poor = await f.newOperator({ stake: 999 });
    const keys = [f.network, op.key, poor.key, devicePda(f.network, device.publicKey)];
    const before = await snapshot(f.env.connection, keys);
    const ix = (newAuthority = poor.wallet.publicKey) => transferDeviceIx(f.program, { network: f.network, authority: op.wallet.publicKey, newAuthority, deviceKey: device.publicKey });
    await expectAnchorError(async () => f.send(await ix(op.wallet.publicKey), [op.wallet]), "SameOperator");
    await expectAnchorError(async () => f.send(await ix(), [op.wallet, poor.wallet]), "InsufficientStake");
    const unsigned = await ix();
    unsigned.keys[1].isSigner = false;
    await expectAnchorError(() => f.env.provider.sendAndConfirm(new Transaction().add(unsigned), [op.wallet]), "AccountNotSigner");
    await expectUnchanged(f.env.connection, before);

    const rich = await f.newOperator({ stake: 5_000 });
    await f.send(await deactivateDeviceIx(f.program, { network: f.network, authority: op.wallet.publicKey, deviceKey: device.publicKey }), [op.wallet]);
    const inactive = await snapshot(f.env.connection, [op.key, rich.key, devicePda(f.network, device.publicKey)]);
    await expectAnchorError(async () => f.send(await ix(rich.wallet.publicKey), [op.wallet, rich.wallet]), "DeviceInactive");
    await expectUnchanged(f.env.connection, inactive);
  });
});
