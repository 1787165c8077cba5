// Adversarial suite of the network program: every instruction × every attack class that applies.
// Account substitutions craft accounts with setAccount, so the suite runs on the embedded SVM
// only (the `this.skip()` in `before` is that marker). Every attack is asserted to fail with one
// specific error and to leave every account it touches (and the payer) byte-for-byte unchanged,
// which is also why one fixture can serve every attack: failed attacks change nothing.
import { expect } from "chai";
import { withRawEnumByte } from "../support/enums";
import BN from "bn.js";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import { createAccount, createMint, mintTo, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { setup, Fixture, Operator, PARAMS, hash32 } from "../network/setup";
import * as nix from "../../sdk/src/network/instructions";
import { devicePda, networkPda, operatorPda, slashProposalPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { GroundworkNetworkIdl } from "../../sdk/src/idl/groundwork_network";
import { REWARDS_PROGRAM_ID, CREDITS_PROGRAM_ID } from "../../sdk/src/ids";
import { Attack, runAttack, runCase, sender, CaseKind } from "../support/attacks";
import { attacks, Target, titleOf } from "./spec";

const idl = GroundworkNetworkIdl as unknown as Idl;
const SUITE = "adversarial: network";
const U64_MAX = new BN("18446744073709551615");

interface World {
  f: Fixture;
  opA: Operator; // staked, one device (devA)
  opB: Operator; // staked, target of the approved slash p0
  opC: Operator; // unbonding stake, withdrawable
  opD: Operator; // jailed by an executed slash
  opE: Operator; // registered, no stake
  devA: Keypair;
  newcomer: Keypair; // funded wallet with no operator account yet
  funder: Keypair; // a funded payer that is not the fee payer (so payer flags are not merged)
  pendingAuthority: Keypair;
  /** A second network (other mint) in the same SVM, and opA's wallet's operator on it. */
  mint2: PublicKey;
  network2: PublicKey;
  opA2: PublicKey;
  tokens2: PublicKey; // opA's wallet's token account of mint2
  p0: number; // evidence of the approved proposal against opB: dispute window closed, executable
  pD: number; // evidence of the executed proposal against opD
  p1: number; // evidence of the pending proposal against opA: window open
  pX: number; // evidence of the expired pending proposal against opC (closable by anyone)
  devD: Keypair; // a device of the jailed opD
}

/** A proposal's address: (operator account, evidence hash32(n)). */
const pda = (network: PublicKey, operator: PublicKey, evidence: number) => slashProposalPda(network, operator, hash32(evidence));

async function propose(f: Fixture, operator: PublicKey, amount: number, evidence: number): Promise<number> {
  await f.send(await nix.proposeSlashIx(f.program, { payer: f.env.payer.publicKey, oracle: f.oracles[0].publicKey, network: f.network, operator, amount, reason: 1, evidenceHash: hash32(evidence) }), [f.oracles[0]]);
  return evidence;
}

async function world(): Promise<World> {
  const f = await setup();
  const [opA, opB, opC, opD] = [await f.newOperator({ stake: 5_000 }), await f.newOperator({ stake: 5_000 }), await f.newOperator({ stake: 5_000 }), await f.newOperator({ stake: 5_000 })];
  const opE = await f.newOperator();
  const devA = Keypair.generate();
  await f.send(await nix.registerDeviceIx(f.program, { payer: f.env.payer.publicKey, authority: opA.wallet.publicKey, network: f.network, deviceKey: devA.publicKey, kind: 1, location: 7, metadataHash: hash32(1) }), [opA.wallet, devA]);
  await f.send(await nix.requestUnstakeIx(f.program, { network: f.network, authority: opC.wallet.publicKey, amount: 1_000 }), [opC.wallet]);
  const devD = Keypair.generate();
  await f.send(await nix.registerDeviceIx(f.program, { payer: f.env.payer.publicKey, authority: opD.wallet.publicKey, network: f.network, deviceKey: devD.publicKey, kind: 1, location: 8, metadataHash: hash32(2) }), [opD.wallet, devD]);
  // A weakening change queued behind the timelock (never applied in this world): due by the time the suites run.
  await f.send(await nix.updateParamsIx(f.program, { authority: f.authority.publicKey, network: f.network, ...PARAMS, maxSlashBps: PARAMS.maxSlashBps + 1 }), [f.authority]);
  const pendingAuthority = Keypair.generate();
  await f.send(await nix.proposeAuthorityIx(f.program, { authority: f.authority.publicKey, network: f.network, newAuthority: pendingAuthority.publicKey }), [f.authority]);
  // p0 (opB) and pD (opD): approved by two oracles, then the dispute window closes.
  const p0 = await propose(f, opB.key, 100, 200);
  await f.send(await nix.approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, network: f.network, operator: opB.key, evidenceHash: hash32(p0) }), [f.oracles[1]]);
  const pD = await propose(f, opD.key, 100, 201);
  await f.send(await nix.approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, network: f.network, operator: opD.key, evidenceHash: hash32(pD) }), [f.oracles[1]]);
  // pX (opC): one oracle's proposal that never reaches the threshold; it expires during the wait.
  const funder = Keypair.generate();
  await f.env.airdrop(funder.publicKey, 100);
  const pX = 203;
  await f.send(await nix.proposeSlashIx(f.program, { payer: funder.publicKey, oracle: f.oracles[0].publicKey, network: f.network, operator: opC.key, amount: 100, reason: 1, evidenceHash: hash32(pX) }), [funder, f.oracles[0]]);
  await f.env.waitSeconds(PARAMS.unbondingSecs + nix.TIMELOCK_GRACE_SECS + 1);
  await f.send(await nix.executeSlashIx(f.program, { network: f.network, operator: opD.key, evidenceHash: hash32(pD), mint: f.mint, treasury: f.treasury }));
  // p1 (opA): pending, window open.
  const p1 = await propose(f, opA.key, 100, 202);
  // A second network in the same SVM.
  const env = f.env;
  const mint2 = await createMint(env.connection, env.payer, f.authority.publicKey, null, 6);
  const treasury2 = await createAccount(env.connection, env.payer, mint2, f.authority.publicKey, Keypair.generate());
  const other = Keypair.generate();
  await env.airdrop(other.publicKey);
  await f.send(await nix.initializeNetworkIx(f.program, { payer: env.payer.publicKey, authority: other.publicKey, mint: mint2, treasury: treasury2, ...PARAMS, epochLengthSecs: PARAMS.epochLengthSecs, oracleThreshold: 1, oracles: [other.publicKey] }), [other]);
  const network2 = networkPda(mint2, other.publicKey);
  await f.send(await nix.registerOperatorIx(f.program, { payer: env.payer.publicKey, authority: opA.wallet.publicKey, network: network2 }), [opA.wallet]);
  const tokens2 = await createAccount(env.connection, env.payer, mint2, opA.wallet.publicKey, Keypair.generate());
  await mintTo(env.connection, env.payer, mint2, tokens2, f.authority, 100_000);
  const newcomer = Keypair.generate();
  await env.airdrop(newcomer.publicKey);
  return { f, opA, opB, opC, opD, opE, devA, newcomer, funder, pendingAuthority, mint2, network2, opA2: operatorPda(network2, opA.wallet.publicKey), tokens2, p0, pD, p1, pX, devD };
}

describe(SUITE, function () {
  let w: World;
  before(async function () {
    if (!testEnvIsSvm()) this.skip(); // crafts accounts with setAccount and moves the clock: embedded SVM only
    w = await world();
  });
  const env = () => w.f.env;
  const T = (instruction: string, build: () => Promise<any>, signers: () => Keypair[], watched: () => PublicKey[]): Target => ({ env, idl, instruction, build, signers, watched });
  const c = (instruction: string, kind: CaseKind, what: string, expect: string | RegExp) => ({ program: "groundwork_network", instruction, kind, what, expect });
  const caseTitle = (instruction: string, kind: string, what: string, expect: string | RegExp) => `${instruction}: ${kind} (${what}) → ${typeof expect === "string" ? expect : expect.source}`;
  /** Declares a domain case: `run` sends the failing transaction (after any state changes it needs). */
  const domain = (instruction: string, kind: CaseKind, what: string, expect: string | RegExp, watched: () => PublicKey[], build: () => Promise<any>, signers: () => Keypair[]) => {
    const title = caseTitle(instruction, kind, what, expect);
    it(title, async () => {
      await runCase(env(), c(instruction, kind, what, expect), sender(env(), build, signers()), watched(), `${SUITE} ${title}`);
    });
  };
  const pause = async (flags: number) => w.f.send(await nix.setPausedIx(w.f.program, { authority: w.f.authority.publicKey, network: w.f.network, paused: flags }), [w.f.authority]);
  /** Runs the case with `flags` paused, then unpauses. */
  const paused = (instruction: string, flag: number, flagName: string, expect: string, watched: () => PublicKey[], build: () => Promise<any>, signers: () => Keypair[]) => {
    const title = caseTitle(instruction, "paused", flagName, expect);
    it(title, async () => {
      await pause(flag);
      try {
        await runCase(env(), c(instruction, "paused", flagName, expect), sender(env(), build, signers()), watched(), `${SUITE} ${title}`);
      } finally {
        await pause(0);
      }
    });
  };

  // Network-account attacks shared by every instruction that loads the network.
  const networkAttacks = (writable: boolean, wrongNetworkError: string, note = "another network"): Attack[] => [
    ...(writable ? [{ kind: "not writable", role: "network", expect: "AccountNotMutable" } as Attack] : []),
    { kind: "wrong owner", role: "network", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "network", expect: "AccountOwnedByWrongProgram", owner: REWARDS_PROGRAM_ID, note: "clone owned by the rewards program" },
    { kind: "substituted account", role: "network", expect: wrongNetworkError, replacement: () => w.network2, note },
    { kind: "substituted account", role: "network", expect: "AccountDidNotDeserialize", replacement: () => w.opA.key, note: "an Operator account (type confusion)" },
    { kind: "uninitialised account", role: "network", expect: "AccountNotInitialized" },
  ];
  const operatorAttacks = (role: string, wrongNetworkError = "WrongNetwork"): Attack[] => [
    { kind: "not writable", role, expect: "AccountNotMutable" },
    { kind: "wrong owner", role, expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role, expect: "AccountOwnedByWrongProgram", owner: CREDITS_PROGRAM_ID, note: "clone owned by the credits program" },
    { kind: "substituted account", role, expect: wrongNetworkError, replacement: () => w.opA2, note: "same wallet's operator on another network" },
    { kind: "substituted account", role, expect: "AccountDidNotDeserialize", replacement: () => w.f.network, note: "the Network account (type confusion)" },
    { kind: "uninitialised account", role, expect: "AccountNotInitialized" },
  ];
  const governed = (instruction: string, build: () => Promise<any>) => {
    const t = T(instruction, build, () => [w.f.authority], () => [w.f.network]);
    attacks(t, [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      ...networkAttacks(true, "Unauthorized", "another network (other authority)"),
    ], SUITE);
  };

  describe("initialize_network", () => {
    const fresh = async () => {
      const e = env();
      const mint = await createMint(e.connection, e.payer, w.f.authority.publicKey, null, 6);
      const treasury = await createAccount(e.connection, e.payer, mint, w.f.authority.publicKey, Keypair.generate());
      return { mint, treasury };
    };
    const init = (a: { mint: PublicKey; treasury: PublicKey }, over: Partial<nix.InitializeNetworkArgs> = {}) =>
      nix.initializeNetworkIx(w.f.program, { payer: w.funder.publicKey, authority: w.f.authority.publicKey, mint: a.mint, treasury: a.treasury, ...PARAMS, epochLengthSecs: PARAMS.epochLengthSecs, oracleThreshold: 1, oracles: [w.f.oracles[0].publicKey], ...over });
    const watch = (a: { mint: PublicKey; treasury: PublicKey }) => [networkPda(a.mint, w.f.authority.publicKey), stakeVaultPda(networkPda(a.mint, w.f.authority.publicKey)), a.mint, a.treasury];
    let a: { mint: PublicKey; treasury: PublicKey };
    before(async () => { a = await fresh(); });
    const t = T("initialize_network", () => init(a), () => [w.f.authority, w.funder], () => [...watch(a), w.funder.publicKey]);
    attacks(t, [
      { kind: "missing signer", role: "payer", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "wrong PDA", role: "network", expect: "ConstraintSeeds", replacement: () => networkPda(w.mint2, w.f.authority.publicKey), note: "another mint's network PDA" },
      { kind: "wrong PDA", role: "stake_vault", expect: "ConstraintSeeds", replacement: () => stakeVaultPda(w.f.network), note: "another network's vault PDA" },
      { kind: "wrong mint", role: "treasury", expect: "ConstraintTokenMint", replacement: () => w.tokens2, note: "token account of another mint" },
      { kind: "look-alike (other program)", role: "treasury", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "clone owned by Token-2022" },
      { kind: "look-alike (other program)", role: "mint", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "clone owned by Token-2022" },
      { kind: "uninitialised account", role: "mint", expect: "ConstraintTokenTokenProgram" },
    ], SUITE);
    domain("initialize_network", "zero amount", "epoch_length_secs = 0", "InvalidEpochLength", () => watch(a), () => init(a, { epochLengthSecs: 0 }), () => [w.f.authority, w.funder]);
    domain("initialize_network", "zero amount", "stake_per_device = 0", "InvalidStakeAmount", () => watch(a), () => init(a, { stakePerDevice: 0 }), () => [w.f.authority, w.funder]);
    domain("initialize_network", "overflowing amount", "max_slash_bps = 10,001", "InvalidBasisPoints", () => watch(a), () => init(a, { maxSlashBps: 10_001 }), () => [w.f.authority, w.funder]);
    domain("initialize_network", "overflowing amount", "17 oracles", "TooManyOracles", () => watch(a), () => init(a, { oracles: Array.from({ length: 17 }, () => Keypair.generate().publicKey) }), () => [w.f.authority, w.funder]);
    domain("initialize_network", "replay", "re-initialise an existing network", "AccountDiscriminatorAlreadySet", () => [w.f.network, w.f.vault], () => init({ mint: w.f.mint, treasury: w.f.treasury }), () => [w.f.authority, w.funder]);
    // Network squatting (found by this suite, fixed): the network's address is keyed on its mint
    // AND its creator, so a stranger signing as authority cannot create the team's network.
    const squat: Attack = { kind: "wrong signer", role: "authority", expect: "ConstraintSeeds", note: "a stranger tries to create the team's network of a mint" };
    it(titleOf("initialize_network", squat), async () => {
      const b = await fresh();
      await runAttack(env(), idl, "initialize_network", () => init(b), [w.f.authority, w.funder], squat, [...watch(b), w.funder.publicKey], `${SUITE} ${titleOf("initialize_network", squat)}`);
    });
    it("initialize_network: a stranger's own network for a mint does not block the team's", async () => {
      const e = env();
      const b = await fresh();
      const stranger = Keypair.generate();
      await e.airdrop(stranger.publicKey);
      await w.f.send(await nix.initializeNetworkIx(w.f.program, { payer: w.funder.publicKey, authority: stranger.publicKey, mint: b.mint, treasury: b.treasury, ...PARAMS, epochLengthSecs: PARAMS.epochLengthSecs, oracleThreshold: 1, oracles: [stranger.publicKey] }), [stranger, w.funder]);
      await w.f.send(await init(b), [w.f.authority, w.funder]);
      const team = await w.f.program.account.network.fetch(networkPda(b.mint, w.f.authority.publicKey));
      const theirs = await w.f.program.account.network.fetch(networkPda(b.mint, stranger.publicKey));
      expect(team.authority.toBase58()).to.equal(w.f.authority.publicKey.toBase58());
      expect(theirs.authority.toBase58()).to.equal(stranger.publicKey.toBase58());
      expect(team.creator.toBase58()).to.equal(w.f.authority.publicKey.toBase58());
    });
    it("initialize_network: wrong mint (mint with a freeze authority) → MintHasFreezeAuthority", async () => {
      const e = env();
      const mint = await createMint(e.connection, e.payer, w.f.authority.publicKey, w.f.authority.publicKey, 6);
      const treasury = await createAccount(e.connection, e.payer, mint, w.f.authority.publicKey, Keypair.generate());
      const title = caseTitle("initialize_network", "wrong mint", "mint with a freeze authority", "MintHasFreezeAuthority");
      await runCase(e, c("initialize_network", "wrong mint", "mint with a freeze authority", "MintHasFreezeAuthority"), sender(e, () => init({ mint, treasury }), [w.f.authority, w.funder]), watch({ mint, treasury }), `${SUITE} ${title}`);
    });
  });

  describe("governance", () => {
    const params: nix.NetworkParams = { stakePerDevice: PARAMS.stakePerDevice, minOperatorStake: PARAMS.minOperatorStake, unbondingSecs: PARAMS.unbondingSecs, slashDisputeWindowSecs: PARAMS.slashDisputeWindowSecs, maxSlashBps: PARAMS.maxSlashBps, slashDestination: PARAMS.slashDestination };
    const gov = () => ({ authority: w.f.authority.publicKey, network: w.f.network });
    const update = (over: Partial<nix.NetworkParams> = {}) => nix.updateParamsIx(w.f.program, { ...gov(), ...params, ...over });
    const oracles = (keys?: PublicKey[], threshold = 2) => nix.setOraclesIx(w.f.program, { ...gov(), oracles: keys ?? w.f.oracles.map((o) => o.publicKey), threshold });
    governed("update_params", () => update());
    governed("set_oracles", () => oracles());
    governed("set_paused", () => nix.setPausedIx(w.f.program, { ...gov(), paused: 0 }));
    governed("propose_authority", () => nix.proposeAuthorityIx(w.f.program, { ...gov(), newAuthority: w.pendingAuthority.publicKey }));
    const net = () => [w.f.network];
    const gsig = () => [w.f.authority];
    domain("update_params", "zero amount", "stake_per_device = 0", "InvalidStakeAmount", net, () => update({ stakePerDevice: 0 }), gsig);
    domain("update_params", "zero amount", "max_slash_bps = 0", "InvalidBasisPoints", net, () => update({ maxSlashBps: 0 }), gsig);
    domain("update_params", "overflowing amount", "max_slash_bps = 10,001", "InvalidBasisPoints", net, () => update({ maxSlashBps: 10_001 }), gsig);
    domain("update_params", "overflowing amount", "unbonding_secs = u64::MAX", "InvalidDuration", net, () => update({ unbondingSecs: U64_MAX }), gsig);
    domain("set_oracles", "zero amount", "threshold = 0", "InvalidThreshold", net, () => oracles(undefined, 0), gsig);
    domain("set_oracles", "overflowing amount", "threshold > oracle count", "InvalidThreshold", net, () => oracles(undefined, 4), gsig);
    domain("set_oracles", "overflowing amount", "17 oracles", "TooManyOracles", net, () => oracles(Array.from({ length: 17 }, () => Keypair.generate().publicKey), 1), gsig);
    domain("set_oracles", "replay", "the same oracle twice in one set", "DuplicateOracle", net, () => oracles([w.f.oracles[0].publicKey, w.f.oracles[0].publicKey], 1), gsig);
    domain("set_paused", "overflowing amount", "unknown pause bit 0x80", "InvalidPauseFlags", net, () => nix.setPausedIx(w.f.program, { ...gov(), paused: 0x80 }), gsig);

    // The governance timelock. The world queued a params change that is due by now (never applied here).
    const treasury = () => nix.setTreasuryIx(w.f.program, { ...gov(), treasury: w.opB.tokens });
    governed("set_treasury", treasury);
    attacks(T("set_treasury", treasury, gsig, net), [
      { kind: "wrong owner", role: "treasury", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "treasury", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "clone owned by Token-2022" },
      { kind: "wrong mint", role: "treasury", expect: "ConstraintTokenMint", replacement: () => w.tokens2, note: "token account of another mint" },
      { kind: "substituted account", role: "treasury", expect: "SameTokenAccount", replacement: () => w.f.vault, note: "the stake vault itself" },
      { kind: "uninitialised account", role: "treasury", expect: "ConstraintTokenTokenProgram" },
    ], SUITE);
    const cancel = (kind: nix.GovernanceKind = nix.GOVERNANCE_KIND.params) => () => nix.cancelGovernanceIx(w.f.program, { ...gov(), kind });
    governed("cancel_governance", cancel());
    domain("cancel_governance", "overflowing amount", "kind = 3", "InvalidChangeKind", net, () => withRawEnumByte((k: nix.GovernanceKind) => cancel(k)(), ["params", "oracles"], 3), gsig);
    domain("cancel_governance", "replay", "cancel a kind with nothing queued", "NoPendingChange", net, cancel(nix.GOVERNANCE_KIND.oracles), gsig);
    const apply = () => nix.applyGovernanceIx(w.f.program, { network: w.f.network });
    attacks(T("apply_governance", apply, () => [], net), networkAttacks(true, "NoGovernanceChangeDue", "another network (nothing queued)"), SUITE);
    it("apply_governance: replay (apply before due, and twice) → NoGovernanceChangeDue", async () => {
      // A fresh network: applying changes the parameters the other suites rely on.
      const g = await setup();
      await g.send(await nix.updateParamsIx(g.program, { authority: g.authority.publicKey, network: g.network, ...PARAMS, maxSlashBps: 9_000 }), [g.authority]);
      const ap = () => nix.applyGovernanceIx(g.program, { network: g.network });
      const early = caseTitle("apply_governance", "replay", "apply before the change is due", "NoGovernanceChangeDue");
      await runCase(g.env, c("apply_governance", "replay", "apply before the change is due", "NoGovernanceChangeDue"), sender(g.env, ap, []), [g.network], `${SUITE} ${early}`);
      await g.env.waitSeconds(PARAMS.unbondingSecs + nix.TIMELOCK_GRACE_SECS);
      await g.send(await ap(), []);
      const twice = caseTitle("apply_governance", "replay", "apply twice", "NoGovernanceChangeDue");
      await runCase(g.env, c("apply_governance", "replay", "apply twice", "NoGovernanceChangeDue"), sender(g.env, ap, []), [g.network], `${SUITE} ${twice}`);
    });

    const accept = () => nix.acceptAuthorityIx(w.f.program, { newAuthority: w.pendingAuthority.publicKey, network: w.f.network });
    attacks(T("accept_authority", accept, () => [w.pendingAuthority], net), [
      { kind: "missing signer", role: "new_authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "new_authority", expect: "NotPendingAuthority" },
      ...networkAttacks(true, "NoPendingAuthority", "another network (no pending handover)"),
    ], SUITE);
    it("accept_authority: replay (accept twice) → NoPendingAuthority", async () => {
      // A fresh network: accepting moves the authority, which the other suites rely on.
      const g = await setup();
      const next = Keypair.generate();
      await g.env.airdrop(next.publicKey);
      await g.send(await nix.proposeAuthorityIx(g.program, { authority: g.authority.publicKey, network: g.network, newAuthority: next.publicKey }), [g.authority]);
      const acc = () => nix.acceptAuthorityIx(g.program, { newAuthority: next.publicKey, network: g.network });
      await g.send(await acc(), [next]);
      const title = caseTitle("accept_authority", "replay", "accept twice", "NoPendingAuthority");
      await runCase(g.env, c("accept_authority", "replay", "accept twice", "NoPendingAuthority"), sender(g.env, acc, [next]), [g.network], `${SUITE} ${title}`);
    });
  });

  describe("operators and stake", () => {
    const regOp = () => nix.registerOperatorIx(w.f.program, { payer: w.funder.publicKey, authority: w.newcomer.publicKey, network: w.f.network });
    attacks(T("register_operator", regOp, () => [w.newcomer, w.funder], () => [w.f.network, operatorPda(w.f.network, w.newcomer.publicKey), w.newcomer.publicKey, w.funder.publicKey]), [
      { kind: "missing signer", role: "payer", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "ConstraintSeeds", note: "operator PDA of the original wallet" },
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "not writable", role: "operator", expect: "AccountNotMutable" },
      ...networkAttacks(true, "ConstraintSeeds", "another network (operator PDA mismatch)").filter((a) => a.kind !== "not writable"),
      { kind: "not writable", role: "network", expect: "AccountNotMutable" },
      { kind: "wrong PDA", role: "operator", expect: "ConstraintSeeds", replacement: () => operatorPda(w.network2, w.newcomer.publicKey), note: "PDA under another network" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    domain("register_operator", "replay", "register the same wallet twice", "AccountDiscriminatorAlreadySet", () => [w.f.network, w.opA.key], () => nix.registerOperatorIx(w.f.program, { payer: env().payer.publicKey, authority: w.opA.wallet.publicKey, network: w.f.network }), () => [w.opA.wallet]);
    paused("register_operator", nix.PAUSE.registration, "registration paused", "RegistrationPaused", () => [w.f.network, operatorPda(w.f.network, w.newcomer.publicKey)], regOp, () => [w.newcomer, w.funder]);

    const stake = (amount: BN | number = 100, source?: PublicKey) => nix.stakeIx(w.f.program, { network: w.f.network, authority: w.opA.wallet.publicKey, source: source ?? w.opA.tokens, amount });
    const stakeWatch = () => [w.f.network, w.opA.key, w.opA.tokens, w.f.vault];
    attacks(T("stake", () => stake(), () => [w.opA.wallet], stakeWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(true, "WrongNetwork", "another network (operator belongs elsewhere)"),
      ...operatorAttacks("operator"),
      { kind: "not writable", role: "source", expect: "AccountNotMutable" },
      { kind: "not writable", role: "stake_vault", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "source", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "source", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "clone owned by Token-2022" },
      { kind: "look-alike (same owner, other address)", role: "stake_vault", expect: "ConstraintAddress" },
      { kind: "substituted account", role: "stake_vault", expect: "ConstraintAddress", replacement: () => w.opB.tokens, note: "attacker's token account as the vault" },
      { kind: "substituted account", role: "source", expect: /owner does not match|custom program error: 0x4/, replacement: () => w.opB.tokens, note: "another wallet's token account" },
      { kind: "wrong mint", role: "source", expect: "ConstraintTokenMint", replacement: () => w.tokens2, note: "token account of another mint" },
      { kind: "substituted account", role: "source", expect: "SameTokenAccount", replacement: () => w.f.vault, note: "the stake vault itself" },
      { kind: "uninitialised account", role: "source", expect: "ConstraintTokenTokenProgram" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
    ], SUITE);
    const opA = () => [w.opA.wallet];
    domain("stake", "zero amount", "amount = 0", "ZeroAmount", stakeWatch, () => stake(0), opA);
    domain("stake", "overflowing amount", "amount > balance", /insufficient funds|custom program error: 0x1\b/, stakeWatch, () => stake(1_000_000_000), opA);
    domain("stake", "overflowing amount", "amount = u64::MAX", /arithmetic overflow/i, stakeWatch, () => stake(U64_MAX), opA);
    paused("stake", nix.PAUSE.staking, "staking paused", "StakingPaused", stakeWatch, () => stake(), opA);

    const unstake = (amount: BN | number = 100) => nix.requestUnstakeIx(w.f.program, { network: w.f.network, authority: w.opA.wallet.publicKey, amount });
    const unstakeWatch = () => [w.f.network, w.opA.key];
    attacks(T("request_unstake", () => unstake(), opA, unstakeWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(true, "WrongNetwork", "another network (operator belongs elsewhere)"),
      ...operatorAttacks("operator"),
    ], SUITE);
    domain("request_unstake", "zero amount", "amount = 0", "ZeroAmount", unstakeWatch, () => unstake(0), opA);
    domain("request_unstake", "overflowing amount", "amount > active stake", "InsufficientStake", unstakeWatch, () => unstake(U64_MAX), opA);
    domain("request_unstake", "overflowing amount", "stake backing a device", "StakeLockedByDevices", unstakeWatch, () => unstake(4_500), opA);
    paused("request_unstake", nix.PAUSE.staking, "staking paused", "StakingPaused", unstakeWatch, () => unstake(), opA);

    const withdraw = (op: () => Operator = () => w.opC, destination?: () => PublicKey) => () => nix.withdrawUnstakedIx(w.f.program, { network: w.f.network, authority: op().wallet.publicKey, destination: destination ? destination() : op().tokens });
    const withdrawWatch = () => [w.f.network, w.opC.key, w.f.vault, w.opC.tokens];
    attacks(T("withdraw_unstaked", withdraw(), () => [w.opC.wallet], withdrawWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(true, "WrongNetwork", "another network (operator belongs elsewhere)"),
      ...operatorAttacks("operator").filter((a) => a.note !== "same wallet's operator on another network"),
      { kind: "not writable", role: "stake_vault", expect: "AccountNotMutable" },
      { kind: "not writable", role: "destination", expect: "AccountNotMutable" },
      { kind: "look-alike (same owner, other address)", role: "stake_vault", expect: "ConstraintAddress" },
      { kind: "substituted account", role: "stake_vault", expect: "ConstraintAddress", replacement: () => w.opB.tokens, note: "a token account that is not the vault" },
      { kind: "wrong owner", role: "destination", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "destination", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "clone owned by Token-2022" },
      { kind: "wrong mint", role: "destination", expect: "ConstraintTokenMint", replacement: () => w.tokens2, note: "token account of another mint" },
      { kind: "substituted account", role: "destination", expect: "SameTokenAccount", replacement: () => w.f.vault, note: "the stake vault itself" },
      { kind: "uninitialised account", role: "destination", expect: "ConstraintTokenTokenProgram" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
    ], SUITE);
    domain("withdraw_unstaked", "zero amount", "nothing unbonding", "NothingToWithdraw", () => [w.f.network, w.opD.key, w.f.vault, w.opD.tokens], withdraw(() => w.opD), () => [w.opD.wallet]);
    domain("withdraw_unstaked", "overflowing amount", "operator with an open slash", "SlashPending", () => [w.f.network, w.opB.key, w.f.vault, w.opB.tokens], withdraw(() => w.opB), () => [w.opB.wallet]);
    it("withdraw_unstaked: replay (withdraw twice) → NothingToWithdraw", async () => {
      // A fresh network: the first withdrawal empties opC's fixture state.
      const g = await setup();
      const op = await g.newOperator({ stake: 2_000 });
      await g.send(await nix.requestUnstakeIx(g.program, { network: g.network, authority: op.wallet.publicKey, amount: 1_000 }), [op.wallet]);
      await g.env.waitSeconds(PARAMS.unbondingSecs + 1);
      const wd = () => nix.withdrawUnstakedIx(g.program, { network: g.network, authority: op.wallet.publicKey, destination: op.tokens });
      await g.send(await wd(), [op.wallet]);
      const title = caseTitle("withdraw_unstaked", "replay", "withdraw twice", "NothingToWithdraw");
      await runCase(g.env, c("withdraw_unstaked", "replay", "withdraw twice", "NothingToWithdraw"), sender(g.env, wd, [op.wallet]), [g.network, op.key, g.vault, op.tokens], `${SUITE} ${title}`);
    });
    paused("withdraw_unstaked", nix.PAUSE.staking, "staking paused", "StakingPaused", withdrawWatch, withdraw(), () => [w.opC.wallet]);
  });
  describe("devices", () => {
    let fresh: Keypair;
    beforeEach(() => { fresh = Keypair.generate(); });
    const reg = () => nix.registerDeviceIx(w.f.program, { payer: w.funder.publicKey, authority: w.opA.wallet.publicKey, network: w.f.network, deviceKey: fresh.publicKey, kind: 1, location: 9, metadataHash: hash32(9) });
    const regWatch = () => [w.f.network, w.opA.key, devicePda(w.f.network, fresh.publicKey), w.funder.publicKey];
    const regSigners = () => [w.funder, w.opA.wallet, fresh];
    attacks(T("register_device", reg, regSigners, regWatch), [
      { kind: "missing signer", role: "payer", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "device_key", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      { kind: "wrong signer", role: "device_key", expect: "ConstraintSeeds", note: "device PDA of the original key" },
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "not writable", role: "device", expect: "AccountNotMutable" },
      ...networkAttacks(true, "WrongNetwork", "another network (operator belongs elsewhere)"),
      ...operatorAttacks("operator"),
      { kind: "wrong PDA", role: "device", expect: "ConstraintSeeds", replacement: () => devicePda(w.network2, fresh.publicKey), note: "PDA under another network" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    domain("register_device", "replay", "register the same device key twice", "AccountDiscriminatorAlreadySet", () => [w.f.network, w.opA.key, devicePda(w.f.network, w.devA.publicKey)],
      () => nix.registerDeviceIx(w.f.program, { payer: w.funder.publicKey, authority: w.opA.wallet.publicKey, network: w.f.network, deviceKey: w.devA.publicKey, kind: 1, location: 9, metadataHash: hash32(9) }), () => [w.funder, w.opA.wallet, w.devA]);
    domain("register_device", "overflowing amount", "more devices than the stake covers", "InsufficientStake", () => [w.f.network, w.opE.key],
      () => nix.registerDeviceIx(w.f.program, { payer: w.funder.publicKey, authority: w.opE.wallet.publicKey, network: w.f.network, deviceKey: fresh.publicKey, kind: 1, location: 9, metadataHash: hash32(9) }), () => [w.funder, w.opE.wallet, fresh]);
    domain("register_device", "replay", "jailed operator registers", "OperatorJailed", () => [w.f.network, w.opD.key],
      () => nix.registerDeviceIx(w.f.program, { payer: w.funder.publicKey, authority: w.opD.wallet.publicKey, network: w.f.network, deviceKey: fresh.publicKey, kind: 1, location: 9, metadataHash: hash32(9) }), () => [w.funder, w.opD.wallet, fresh]);
    paused("register_device", nix.PAUSE.registration, "registration paused", "RegistrationPaused", regWatch, reg, regSigners);

    const deact = () => nix.deactivateDeviceIx(w.f.program, { network: w.f.network, authority: w.opA.wallet.publicKey, deviceKey: w.devA.publicKey });
    const devWatch = () => [w.f.network, w.opA.key, devicePda(w.f.network, w.devA.publicKey)];
    const deviceAttacks: Attack[] = [
      { kind: "not writable", role: "device", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "device", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "device", expect: "AccountOwnedByWrongProgram", owner: REWARDS_PROGRAM_ID, note: "clone owned by the rewards program" },
      { kind: "substituted account", role: "device", expect: "AccountDidNotDeserialize", replacement: () => w.opB.key, note: "an Operator account (type confusion)" },
      { kind: "uninitialised account", role: "device", expect: "AccountNotInitialized" },
    ];
    attacks(T("deactivate_device", deact, () => [w.opA.wallet], devWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(true, "WrongNetwork", "another network (operator belongs elsewhere)"),
      ...operatorAttacks("operator"),
      ...deviceAttacks,
    ], SUITE);
    domain("deactivate_device", "wrong PDA", "another operator's device with its wallet", "ConstraintHasOne", () => [w.f.network, w.opB.key, devicePda(w.f.network, w.devA.publicKey)],
      () => nix.deactivateDeviceIx(w.f.program, { network: w.f.network, authority: w.opB.wallet.publicKey, deviceKey: w.devA.publicKey }), () => [w.opB.wallet]);
    it("deactivate_device: replay (deactivate twice) → DeviceInactive", async () => {
      const dev = Keypair.generate();
      const e = env();
      await w.f.send(await nix.registerDeviceIx(w.f.program, { payer: w.funder.publicKey, authority: w.opA.wallet.publicKey, network: w.f.network, deviceKey: dev.publicKey, kind: 1, location: 9, metadataHash: hash32(3) }), [w.funder, w.opA.wallet, dev]);
      const d = () => nix.deactivateDeviceIx(w.f.program, { network: w.f.network, authority: w.opA.wallet.publicKey, deviceKey: dev.publicKey });
      await w.f.send(await d(), [w.opA.wallet]);
      const title = caseTitle("deactivate_device", "replay", "deactivate twice", "DeviceInactive");
      await runCase(e, c("deactivate_device", "replay", "deactivate twice", "DeviceInactive"), sender(e, d, [w.opA.wallet]), [w.f.network, w.opA.key, devicePda(w.f.network, dev.publicKey)], `${SUITE} ${title}`);
    });

    const transfer = () => nix.transferDeviceIx(w.f.program, { network: w.f.network, authority: w.opA.wallet.publicKey, newAuthority: w.opC.wallet.publicKey, deviceKey: w.devA.publicKey });
    const trWatch = () => [w.f.network, w.opA.key, w.opC.key, devicePda(w.f.network, w.devA.publicKey)];
    attacks(T("transfer_device", transfer, () => [w.opA.wallet, w.opC.wallet], trWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "new_authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      { kind: "wrong signer", role: "new_authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(false, "WrongNetwork", "another network (operators belong elsewhere)"),
      ...operatorAttacks("from_operator"),
      ...operatorAttacks("to_operator").filter((a) => a.kind !== "substituted account" || a.note !== "same wallet's operator on another network"),
      { kind: "substituted account", role: "to_operator", expect: "SameOperator", replacement: () => w.opA.key, note: "the source operator itself" },
      ...deviceAttacks,
    ], SUITE);
    domain("transfer_device", "wrong PDA", "a device of another operator", "ConstraintHasOne", () => [w.f.network, w.opB.key, w.opC.key, devicePda(w.f.network, w.devA.publicKey)],
      () => nix.transferDeviceIx(w.f.program, { network: w.f.network, authority: w.opB.wallet.publicKey, newAuthority: w.opC.wallet.publicKey, deviceKey: w.devA.publicKey }), () => [w.opB.wallet, w.opC.wallet]);
    domain("transfer_device", "replay", "to a jailed operator", "OperatorJailed", () => [w.f.network, w.opA.key, w.opD.key, devicePda(w.f.network, w.devA.publicKey)],
      () => nix.transferDeviceIx(w.f.program, { network: w.f.network, authority: w.opA.wallet.publicKey, newAuthority: w.opD.wallet.publicKey, deviceKey: w.devA.publicKey }), () => [w.opA.wallet, w.opD.wallet]);
    domain("transfer_device", "replay", "from a jailed operator", "OperatorJailed", () => [w.f.network, w.opD.key, w.opC.key, devicePda(w.f.network, w.devD.publicKey)],
      () => nix.transferDeviceIx(w.f.program, { network: w.f.network, authority: w.opD.wallet.publicKey, newAuthority: w.opC.wallet.publicKey, deviceKey: w.devD.publicKey }), () => [w.opD.wallet, w.opC.wallet]);
    paused("transfer_device", nix.PAUSE.registration, "registration paused", "RegistrationPaused", trWatch, transfer, () => [w.opA.wallet, w.opC.wallet]);
  });

  describe("slashing", () => {
    // Every valid proposal here is against opC on evidence 5 (never sent unmodified, so it stays unused).
    const prop = (over: { amount?: number | BN; reason?: number; oracle?: Keypair } = {}) => nix.proposeSlashIx(w.f.program, {
      payer: w.funder.publicKey, oracle: (over.oracle ?? w.f.oracles[0]).publicKey, network: w.f.network, operator: w.opC.key, amount: over.amount ?? 100, reason: over.reason ?? 1, evidenceHash: hash32(5),
    });
    const propWatch = () => [w.f.network, w.opC.key, pda(w.f.network, w.opC.key, 5), w.funder.publicKey];
    const propSigners = () => [w.funder, w.f.oracles[0]];
    attacks(T("propose_slash", () => prop(), propSigners, propWatch), [
      { kind: "missing signer", role: "payer", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "oracle", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "oracle", expect: "NotOracle" },
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "not writable", role: "slash_proposal", expect: "AccountNotMutable" },
      ...networkAttacks(true, "WrongNetwork", "another network (operator belongs elsewhere)"),
      ...operatorAttacks("operator"),
      { kind: "wrong PDA", role: "slash_proposal", expect: "ConstraintSeeds", replacement: () => pda(w.f.network, w.opC.key, 6), note: "PDA of other evidence" },
      { kind: "wrong PDA", role: "slash_proposal", expect: "ConstraintSeeds", replacement: () => pda(w.f.network, w.opB.key, 5), note: "PDA of the same evidence against another operator" },
      { kind: "wrong PDA", role: "slash_proposal", expect: "ConstraintSeeds", replacement: () => pda(w.network2, w.opC.key, 5), note: "PDA under another network" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    domain("propose_slash", "zero amount", "amount = 0", "ZeroAmount", propWatch, () => prop({ amount: 0 }), propSigners);
    domain("propose_slash", "overflowing amount", "amount above max_slash_bps of the stake", "SlashExceedsCap", propWatch, () => prop({ amount: 4_000 }), propSigners);
    domain("propose_slash", "overflowing amount", "amount = u64::MAX", "SlashExceedsCap", propWatch, () => prop({ amount: U64_MAX }), propSigners);
    domain("propose_slash", "zero amount", "reason = 0", "InvalidReason", propWatch, () => prop({ reason: 0 }), propSigners);
    const again = (operator: () => Operator, evidence: () => number) => () => nix.proposeSlashIx(w.f.program, {
      payer: w.funder.publicKey, oracle: w.f.oracles[2].publicKey, network: w.f.network, operator: operator().key, amount: 50, reason: 2, evidenceHash: hash32(evidence()),
    });
    const againSigners = () => [w.funder, w.f.oracles[2]];
    domain("propose_slash", "replay", "same evidence against the same operator while its proposal is open", "AccountDiscriminatorAlreadySet", () => [w.f.network, w.opA.key, pda(w.f.network, w.opA.key, w.p1), w.funder.publicKey], again(() => w.opA, () => w.p1), againSigners);
    domain("propose_slash", "replay", "same evidence against the same operator after its slash executed", "AccountDiscriminatorAlreadySet", () => [w.f.network, w.opD.key, pda(w.f.network, w.opD.key, w.pD), w.funder.publicKey], again(() => w.opD, () => w.pD), againSigners);
    paused("propose_slash", nix.PAUSE.slashing, "slashing paused", "SlashingPaused", propWatch, () => prop(), propSigners);

    const approve = () => nix.approveSlashIx(w.f.program, { oracle: w.f.oracles[1].publicKey, network: w.f.network, operator: w.opA.key, evidenceHash: hash32(w.p1) });
    const p1 = () => pda(w.f.network, w.opA.key, w.p1);
    const proposalAttacks = (operator: () => PublicKey, evidence: () => number): Attack[] => [
      { kind: "not writable", role: "slash_proposal", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "slash_proposal", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "slash_proposal", expect: "AccountOwnedByWrongProgram", owner: REWARDS_PROGRAM_ID, note: "clone owned by the rewards program" },
      { kind: "substituted account", role: "slash_proposal", expect: "AccountDidNotDeserialize", replacement: () => w.opA.key, note: "an Operator account (type confusion)" },
      { kind: "uninitialised account", role: "slash_proposal", expect: "AccountNotInitialized", replacement: () => pda(w.f.network, operator(), evidence() + 1000) },
    ];
    attacks(T("approve_slash", approve, () => [w.f.oracles[1]], () => [w.f.network, w.opA.key, p1()]), [
      { kind: "missing signer", role: "oracle", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "oracle", expect: "NotOracle" },
      ...networkAttacks(false, "WrongNetwork", "another network"),
      ...operatorAttacks("operator"),
      { kind: "substituted account", role: "operator", expect: "ConstraintHasOne", replacement: () => w.opB.key, note: "an operator the proposal does not target" },
      ...proposalAttacks(() => w.opA.key, () => w.p1),
    ], SUITE);
    domain("approve_slash", "replay", "double vote by the proposer", "AlreadyApproved", () => [w.f.network, w.opA.key, p1()], () => nix.approveSlashIx(w.f.program, { oracle: w.f.oracles[0].publicKey, network: w.f.network, operator: w.opA.key, evidenceHash: hash32(w.p1) }), () => [w.f.oracles[0]]);
    domain("approve_slash", "replay", "approve an executed proposal", "SlashNotPending", () => [w.f.network, w.opD.key, pda(w.f.network, w.opD.key, w.pD)], () => nix.approveSlashIx(w.f.program, { oracle: w.f.oracles[2].publicKey, network: w.f.network, operator: w.opD.key, evidenceHash: hash32(w.pD) }), () => [w.f.oracles[2]]);
    domain("approve_slash", "replay", "approve a proposal past its approval period", "SlashExpired", () => [w.f.network, w.opC.key, pda(w.f.network, w.opC.key, w.pX)], () => nix.approveSlashIx(w.f.program, { oracle: w.f.oracles[1].publicKey, network: w.f.network, operator: w.opC.key, evidenceHash: hash32(w.pX) }), () => [w.f.oracles[1]]);
    paused("approve_slash", nix.PAUSE.slashing, "slashing paused", "SlashingPaused", () => [w.f.network, p1()], approve, () => [w.f.oracles[1]]);

    const veto = () => nix.vetoSlashIx(w.f.program, { authority: w.f.authority.publicKey, network: w.f.network, operator: w.opA.key, evidenceHash: hash32(w.p1) });
    const vdWatch = () => [w.f.network, w.opA.key, p1()];
    attacks(T("veto_slash", veto, () => [w.f.authority], vdWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      ...networkAttacks(false, "Unauthorized", "another network (other authority)"),
      ...operatorAttacks("operator"),
      { kind: "substituted account", role: "operator", expect: "ConstraintHasOne", replacement: () => w.opB.key, note: "an operator the proposal does not target" },
      ...proposalAttacks(() => w.opA.key, () => w.p1),
    ], SUITE);
    domain("veto_slash", "replay", "veto an executed proposal", "SlashNotPending", () => [w.f.network, w.opD.key], () => nix.vetoSlashIx(w.f.program, { authority: w.f.authority.publicKey, network: w.f.network, operator: w.opD.key, evidenceHash: hash32(w.pD) }), () => [w.f.authority]);
    domain("veto_slash", "replay", "veto once the slash is executable", "DisputeWindowClosed", () => [w.f.network, w.opB.key, pda(w.f.network, w.opB.key, w.p0)], () => nix.vetoSlashIx(w.f.program, { authority: w.f.authority.publicKey, network: w.f.network, operator: w.opB.key, evidenceHash: hash32(w.p0) }), () => [w.f.authority]);

    const dispute = () => nix.disputeSlashIx(w.f.program, { authority: w.opA.wallet.publicKey, network: w.f.network, operator: w.opA.key, evidenceHash: hash32(w.p1) });
    attacks(T("dispute_slash", dispute, () => [w.opA.wallet], vdWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "NotOperatorAuthority" },
      ...networkAttacks(false, "WrongNetwork", "another network"),
      ...operatorAttacks("operator").filter((a) => a.kind !== "not writable"),
      { kind: "substituted account", role: "operator", expect: "NotOperatorAuthority", replacement: () => w.opB.key, note: "an operator the proposal does not target" },
      ...proposalAttacks(() => w.opA.key, () => w.p1),
    ], SUITE);
    domain("dispute_slash", "replay", "dispute an executed proposal", "SlashNotPending", () => [w.f.network, w.opD.key], () => nix.disputeSlashIx(w.f.program, { authority: w.opD.wallet.publicKey, network: w.f.network, operator: w.opD.key, evidenceHash: hash32(w.pD) }), () => [w.opD.wallet]);
    domain("dispute_slash", "replay", "dispute once the slash is executable", "DisputeWindowClosed", () => [w.f.network, pda(w.f.network, w.opB.key, w.p0)], () => nix.disputeSlashIx(w.f.program, { authority: w.opB.wallet.publicKey, network: w.f.network, operator: w.opB.key, evidenceHash: hash32(w.p0) }), () => [w.opB.wallet]);

    const exec = (evidence = () => w.p0, op = () => w.opB.key) => () => nix.executeSlashIx(w.f.program, { network: w.f.network, operator: op(), evidenceHash: hash32(evidence()), mint: w.f.mint, treasury: w.f.treasury });
    const exWatch = () => [w.f.network, w.opB.key, pda(w.f.network, w.opB.key, w.p0), w.f.vault, w.f.treasury, w.f.mint];
    attacks(T("execute_slash", exec(), () => [], exWatch), [
      ...networkAttacks(true, "WrongNetwork", "another network"),
      ...operatorAttacks("operator"),
      { kind: "substituted account", role: "operator", expect: "ConstraintHasOne", replacement: () => w.opA.key, note: "an operator the proposal does not target" },
      ...proposalAttacks(() => w.opB.key, () => w.p0),
      { kind: "not writable", role: "stake_vault", expect: "AccountNotMutable" },
      { kind: "not writable", role: "treasury", expect: "AccountNotMutable" },
      { kind: "look-alike (same owner, other address)", role: "stake_vault", expect: "ConstraintAddress" },
      { kind: "look-alike (same owner, other address)", role: "treasury", expect: "ConstraintAddress" },
      { kind: "substituted account", role: "treasury", expect: "ConstraintAddress", replacement: () => w.opB.tokens, note: "the slashed operator's own token account" },
      { kind: "wrong mint", role: "mint", expect: "ConstraintAddress", replacement: () => w.mint2, note: "another mint" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
    ], SUITE);
    domain("execute_slash", "replay", "execute an executed proposal", "SlashNotPending", () => [w.f.network, w.opD.key, w.f.vault, w.f.treasury], exec(() => w.pD, () => w.opD.key), () => []);
    domain("execute_slash", "replay", "execute inside the dispute window", "SlashNotApproved", () => [w.f.network, w.opA.key, p1(), w.f.vault, w.f.treasury], exec(() => w.p1, () => w.opA.key), () => []);
    paused("execute_slash", nix.PAUSE.slashing, "slashing paused", "SlashingPaused", exWatch, exec(), () => []);

    // refresh_slash: the valid instruction closes opC's expired proposal pX (rent to its payer, the funder).
    const refresh = (op: () => PublicKey = () => w.opC.key, evidence = () => w.pX, payer: () => PublicKey = () => w.funder.publicKey) => () =>
      nix.refreshSlashIx(w.f.program, { network: w.f.network, operator: op(), evidenceHash: hash32(evidence()), payer: payer() });
    const rfWatch = () => [w.f.network, w.opC.key, pda(w.f.network, w.opC.key, w.pX), w.funder.publicKey];
    attacks(T("refresh_slash", refresh(), () => [], rfWatch), [
      ...networkAttacks(false, "WrongNetwork", "another network"),
      ...operatorAttacks("operator"),
      { kind: "substituted account", role: "operator", expect: "ConstraintHasOne", replacement: () => w.opA.key, note: "an operator the proposal does not target" },
      ...proposalAttacks(() => w.opC.key, () => w.pX),
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "substituted account", role: "payer", expect: "ConstraintAddress", replacement: () => env().payer.publicKey, note: "not the proposal's payer" },
    ], SUITE);
    domain("refresh_slash", "replay", "refresh an executed proposal", "SlashNotPending", () => [w.f.network, w.opD.key, pda(w.f.network, w.opD.key, w.pD)], refresh(() => w.opD.key, () => w.pD, () => env().payer.publicKey), () => []);
    domain("refresh_slash", "replay", "refresh an open proposal already in line with the oracle set", "SlashUnchanged", () => [w.f.network, w.opA.key, p1()], refresh(() => w.opA.key, () => w.p1, () => env().payer.publicKey), () => []);

    const unjail = (op = () => w.opD.key) => () => nix.unjailOperatorIx(w.f.program, { authority: w.f.authority.publicKey, network: w.f.network, operator: op() });
    attacks(T("unjail_operator", unjail(), () => [w.f.authority], () => [w.f.network, w.opD.key]), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      ...networkAttacks(false, "Unauthorized", "another network (other authority)"),
      ...operatorAttacks("operator"),
    ], SUITE);
    domain("unjail_operator", "replay", "unjail an operator that is not jailed", "NotJailed", () => [w.f.network, w.opA.key], unjail(() => w.opA.key), () => [w.f.authority]);
  });
});

function testEnvIsSvm(): boolean {
  return !process.env.ANCHOR_PROVIDER_URL;
}
