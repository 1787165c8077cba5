import { slashDestinationOf } from "../../sdk/src/network/instructions";
import { expect } from "chai";
import { withRawEnumByte } from "../support/enums";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, PARAMS, num, expectEvent } from "./setup";
import {
  acceptAuthorityIx, proposeAuthorityIx, setOraclesIx, setPausedIx, updateParamsIx, PAUSE, SlashDestination,
} from "../../sdk/src/network/instructions";
import { fetchNetwork } from "../../sdk/src/network/accounts";

describe("network: governance", () => {
  let f: Fixture;
  // Every change here strengthens operators' protection (longer unbonding and window, lower cap),
  // so it applies at once; weakening changes wait for the timelock (timelock.test.ts).
  const params = { ...PARAMS, stakePerDevice: 2_000, minOperatorStake: 1_000, unbondingSecs: 8 * 86_400, slashDisputeWindowSecs: 3 * 86_400, maxSlashBps: 2_500, slashDestination: "burn" as SlashDestination };

  beforeEach(async () => {
    f = await setup();
  });

  it("update_params changes every parameter but the epoch length at once when none weakens protection, and emits ParamsUpdated", async () => {
    const sig = await f.send(await updateParamsIx(f.program, { authority: f.authority.publicKey, network: f.network, ...params }), [f.authority]);
    const n = await fetchNetwork(f.program, f.network);
    expect(num(n.stakePerDevice)).to.equal(2_000);
    expect(num(n.minOperatorStake)).to.equal(1_000);
    expect(num(n.unbondingSecs)).to.equal(8 * 86_400);
    expect(num(n.slashDisputeWindowSecs)).to.equal(3 * 86_400);
    expect(num(n.pendingParamsEta)).to.equal(0);
    expect(n.maxSlashBps).to.equal(2_500);
    expect(slashDestinationOf(n.slashDestination)).to.equal("burn");
    expect(num(n.epochLengthSecs)).to.equal(PARAMS.epochLengthSecs);
    const events = await f.events(sig);
    expect(events[0].name).to.equal("paramsUpdated");
    expect(num(events[0].data.stakePerDevice as number)).to.equal(2_000);
    console.log(`      CU update_params: ${await f.cu(sig)}`);
  });

  it("update_params rejects a non-authority and out-of-range values, changing nothing", async () => {
    const before = await snapshot(f.env.connection, [f.network]);
    const stranger = Keypair.generate();
    await expectAnchorError(async () => f.send(await updateParamsIx(f.program, { authority: stranger.publicKey, network: f.network, ...params }), [stranger]), "Unauthorized");
    const ix = (o: Partial<typeof params>) => updateParamsIx(f.program, { authority: f.authority.publicKey, network: f.network, ...params, ...o });
    await expectAnchorError(async () => f.send(await ix({ maxSlashBps: 0 }), [f.authority]), "InvalidBasisPoints");
    await expectAnchorError(async () => f.send(await ix({ maxSlashBps: 10_001 }), [f.authority]), "InvalidBasisPoints");
    await expectAnchorError(async () => f.send(await ix({ stakePerDevice: 0 }), [f.authority]), "InvalidStakeAmount");
    await expectAnchorError(async () => f.send(await ix({ unbondingSecs: 367 * 86_400 }), [f.authority]), "InvalidDuration");
    // Floors: unbonding at least an hour, dispute window at least ten minutes.
    await expectAnchorError(async () => f.send(await ix({ unbondingSecs: 0 }), [f.authority]), "InvalidDuration");
    await expectAnchorError(async () => f.send(await ix({ unbondingSecs: f.floors.unbondingSecs - 1 }), [f.authority]), "InvalidDuration");
    await expectAnchorError(async () => f.send(await ix({ slashDisputeWindowSecs: 0 }), [f.authority]), "InvalidDuration");
    await expectAnchorError(async () => f.send(await ix({ slashDisputeWindowSecs: f.floors.disputeWindowSecs - 1 }), [f.authority]), "InvalidDuration");
    await expectAnchorError(async () => f.send(await withRawEnumByte((d: SlashDestination) => ix({ slashDestination: d }), ["treasury", "burn"], 2), [f.authority]), "InvalidSlashDestination");
    await expectUnchanged(f.env.connection, before);
  });

  it("requires the authority's signature", async () => {
    const before = await snapshot(f.env.connection, [f.network]);
    const ix = await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.staking });
    ix.keys.find((k) => k.pubkey.equals(f.authority.publicKey))!.isSigner = false;
    await expectAnchorError(() => f.env.provider.sendAndConfirm(new Transaction().add(ix), []), "AccountNotSigner");
    await expectUnchanged(f.env.connection, before);
  });

  it("set_oracles removing a key applies at once: replaces the set, bumps the version, clears the tail and emits OraclesSet", async () => {
    const next = [f.oracles[2].publicKey, f.oracles[0].publicKey];
    const sig = await f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: next, threshold: 2 }), [f.authority]);
    const n = await fetchNetwork(f.program, f.network);
    expect(n.oracleCount).to.equal(2);
    expect(n.oracleThreshold).to.equal(2);
    expect(n.oracleSetVersion).to.equal(2);
    expect(n.oracles.slice(0, 2).map((k) => k.toBase58())).to.deep.equal(next.map((k) => k.toBase58()));
    expect(n.oracles[2].equals(PublicKey.default)).to.equal(true);
    const [event] = await f.events(sig);
    expect(event.name).to.equal("oraclesSet");
    expect((event.data.oracles as PublicKey[]).map((k) => k.toBase58())).to.deep.equal(next.map((k) => k.toBase58()));
    console.log(`      CU set_oracles: ${await f.cu(sig)}`);
  });

  it("set_oracles rejects duplicates, bad thresholds, more than 16 keys and non-authorities", async () => {
    const before = await snapshot(f.env.connection, [f.network]);
    const a = Keypair.generate().publicKey;
    const ix = (oracles: PublicKey[], threshold: number, authority = f.authority.publicKey) => setOraclesIx(f.program, { authority, network: f.network, oracles, threshold });
    await expectAnchorError(async () => f.send(await ix([a, a], 1), [f.authority]), "DuplicateOracle");
    await expectAnchorError(async () => f.send(await ix([a], 2), [f.authority]), "InvalidThreshold");
    await expectAnchorError(async () => f.send(await ix([a], 0), [f.authority]), "InvalidThreshold");
    const seventeen = Array.from({ length: 17 }, () => Keypair.generate().publicKey);
    await expectAnchorError(async () => f.send(await ix(seventeen, 1), [f.authority]), "TooManyOracles");
    const stranger = Keypair.generate();
    await expectAnchorError(async () => f.send(await ix([a], 1, stranger.publicKey), [stranger]), "Unauthorized");
    await expectUnchanged(f.env.connection, before);
  });

  it("set_paused sets known flags, emits PauseSet, rejects unknown bits", async () => {
    const sig = await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.staking | PAUSE.slashing }), [f.authority]);
    expect((await fetchNetwork(f.program, f.network)).paused).to.equal(5);
    expectEvent(await f.events(sig), "pauseSet");
    console.log(`      CU set_paused: ${await f.cu(sig)}`);
    const before = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(async () => f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: 8 }), [f.authority]), "InvalidPauseFlags");
    await expectUnchanged(f.env.connection, before);
  });

  it("hands authority over in two steps; the old authority keeps control until acceptance", async () => {
    const next = Keypair.generate();
    const sig1 = await f.send(await proposeAuthorityIx(f.program, { authority: f.authority.publicKey, network: f.network, newAuthority: next.publicKey }), [f.authority]);
    expectEvent(await f.events(sig1), "authorityProposed");
    expect((await fetchNetwork(f.program, f.network)).pendingAuthority.toBase58()).to.equal(next.publicKey.toBase58());
    // Still the old authority's network.
    await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.registration }), [f.authority]);
    await expectAnchorError(async () => f.send(await setPausedIx(f.program, { authority: next.publicKey, network: f.network, paused: 0 }), [next]), "Unauthorized");

    const sig2 = await f.send(await acceptAuthorityIx(f.program, { newAuthority: next.publicKey, network: f.network }), [next]);
    const [event] = await f.events(sig2);
    expect(event.name).to.equal("authorityAccepted");
    expect((event.data.previousAuthority as PublicKey).toBase58()).to.equal(f.authority.publicKey.toBase58());
    const n = await fetchNetwork(f.program, f.network);
    expect(n.authority.toBase58()).to.equal(next.publicKey.toBase58());
    expect(n.pendingAuthority.equals(PublicKey.default)).to.equal(true);
    await expectAnchorError(async () => f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: 0 }), [f.authority]), "Unauthorized");
    console.log(`      CU propose_authority: ${await f.cu(sig1)}, accept_authority: ${await f.cu(sig2)}`);
  });

  it("accept_authority rejects the wrong signer and a handover that is not pending (or was cancelled)", async () => {
    const next = Keypair.generate();
    const stranger = Keypair.generate();
    let before = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(async () => f.send(await acceptAuthorityIx(f.program, { newAuthority: next.publicKey, network: f.network }), [next]), "NoPendingAuthority");
    await expectUnchanged(f.env.connection, before);

    await f.send(await proposeAuthorityIx(f.program, { authority: f.authority.publicKey, network: f.network, newAuthority: next.publicKey }), [f.authority]);
    before = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(async () => f.send(await acceptAuthorityIx(f.program, { newAuthority: stranger.publicKey, network: f.network }), [stranger]), "NotPendingAuthority");
    await expectAnchorError(async () => f.send(await proposeAuthorityIx(f.program, { authority: next.publicKey, network: f.network, newAuthority: next.publicKey }), [next]), "Unauthorized");
    await expectUnchanged(f.env.connection, before);

    // Cancel by proposing the zero key.
    await f.send(await proposeAuthorityIx(f.program, { authority: f.authority.publicKey, network: f.network, newAuthority: PublicKey.default }), [f.authority]);
    await expectAnchorError(async () => f.send(await acceptAuthorityIx(f.program, { newAuthority: next.publicKey, network: f.network }), [next]), "NoPendingAuthority");
  });
});
