// Adversarial suite of the rewards program: every instruction × every attack class that applies.
// Clones and foreign-owner look-alikes need setAccount and the suite moves the clock, so it runs
// on the embedded SVM only (the `this.skip()` in `before` is that marker). One fixture serves all
// attacks because each is asserted to change nothing.
import BN from "bn.js";
import { withRawEnumByte } from "../support/enums";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createAssociatedTokenAccountIdempotentInstruction, createMint, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { fixture, Fixture, buildTree } from "../rewards/setup";
import * as rix from "../../sdk/src/rewards/instructions";
import { RewardLeaf, RewardTree } from "../../sdk/src/rewards/merkle";
import { claimStatusPda, creditsTallyRingPda, epochVotesPda, rewardsConfigPda, rewardsVaultPda } from "../../sdk/src/rewards/pda";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { GroundworkRewardsIdl } from "../../sdk/src/idl/groundwork_rewards";
import { CREDITS_PROGRAM_ID, NETWORK_PROGRAM_ID } from "../../sdk/src/ids";
import { Attack, forgeCopy } from "../support/attacks";
import { attacks, Target } from "./spec";
import { cases } from "./domain";
import { enumValue } from "../../sdk/src/enums";

const idl = GroundworkRewardsIdl as unknown as Idl;
const SUITE = "adversarial: rewards";
const U64_MAX = new BN("18446744073709551615");
const MAX_DEPTH = 32; // programs/rewards MAX_PROOF_DEPTH

interface World {
  f: Fixture;
  config: PublicKey;
  vault: PublicKey;
  crank: Keypair; // pays claims for operators
  opX: Keypair; // leaf 0 of tree0, claim status created, not yet claimed
  opY: Keypair; // leaf 1 of tree0, already claimed
  leaves0: RewardLeaf[];
  tree0: RewardTree; // finalized for epoch 0
  tree1: RewardTree; // epoch 1: oracle 0 voted, not finalized
  /** A second network (vault mode candidate, no rewards yet) with the same authority, and its mint. */
  network2: PublicKey;
  mint2: PublicKey;
  mint2Tokens: PublicKey; // opX's token account of mint2
}

async function world(): Promise<World> {
  const f = await fixture();
  const env = f.env;
  await f.init(rix.FundingMode.Mint, { netEmissionCap: new BN(1_000_000) });
  const crank = Keypair.generate(), opX = Keypair.generate(), opY = Keypair.generate();
  for (const k of [crank, opX, opY]) await env.airdrop(k.publicKey, 2);
  const leaves0: RewardLeaf[] = [{ operator: opX.publicKey, amount: 300_000n }, { operator: opY.publicKey, amount: 200_000n }, { operator: Keypair.generate().publicKey, amount: 100_000n }];
  const tree0 = buildTree(f.network, leaves0);
  const tree1 = buildTree(f.network, leaves0.map((l) => ({ ...l, amount: l.amount * 2n })));
  await f.toEpoch(1);
  await f.finalize(0, tree0);
  await f.send([
    createAssociatedTokenAccountIdempotentInstruction(env.payer.publicKey, rix.operatorTokenAccount(f.mint, opX.publicKey), opX.publicKey, f.mint),
    await rix.initializeClaimStatus(f.program, { payer: env.payer.publicKey, operator: opX.publicKey, network: f.network }),
  ]);
  await f.claim(crank, leaves0[1], tree0.proof(1));
  await f.toEpoch(2);
  await f.vote(f.oracles[0], 1, tree1);
  const mint2 = await createMint(env.connection, env.payer, f.authority.publicKey, null, 6);
  const treasury2 = await createAccount(env.connection, env.payer, mint2, f.authority.publicKey, Keypair.generate());
  const network2 = networkPda(mint2, f.authority.publicKey);
  await networkProgram(env.provider).methods
    .initializeNetwork(new BN(86_400), new BN(1_000), new BN(0), new BN(86_400), new BN(3_600), 5_000, enumValue("treasury"), 1, [f.oracles[0].publicKey])
    .accountsPartial({ payer: env.payer.publicKey, authority: f.authority.publicKey, network: network2, mint: mint2, stakeVault: stakeVaultPda(network2), treasury: treasury2, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
    .signers([f.authority]).rpc();
  const mint2Tokens = await createAccount(env.connection, env.payer, mint2, opX.publicKey, Keypair.generate());
  return { f, config: rewardsConfigPda(f.network), vault: rewardsVaultPda(f.network), crank, opX, opY, leaves0, tree0, tree1, network2, mint2, mint2Tokens };
}

describe(SUITE, function () {
  let w: World;
  before(async function () {
    if (process.env.ANCHOR_PROVIDER_URL) this.skip(); // crafts accounts with setAccount and warps the clock: embedded SVM only
    w = await world();
  });
  const env = () => w.f.env;
  const T = (instruction: string, build: () => Promise<TransactionInstruction>, signers: () => Keypair[], watched: () => PublicKey[]): Target => ({ env, idl, instruction, build, signers, watched });
  const domain = cases("groundwork_rewards", SUITE, env);
  const setPaused = async (p: boolean) => w.f.send([await rix.setPaused(w.f.program, w.f.authority.publicKey, w.f.network, p)], [w.f.authority]);
  const pausedOpts = { before: () => setPaused(true), after: () => setPaused(false) };
  const auth = () => [w.f.authority];

  const networkAttacks = (wrongNetwork: string): Attack[] => [
    { kind: "wrong owner", role: "network", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "network", expect: "AccountOwnedByWrongProgram", owner: CREDITS_PROGRAM_ID, note: "network clone owned by the credits program" },
    { kind: "substituted account", role: "network", expect: wrongNetwork, replacement: () => w.network2, note: "another network, same authority" },
    { kind: "substituted account", role: "network", expect: "AccountOwnedByWrongProgram", replacement: () => w.config, note: "the rewards config (not a Network)" },
    { kind: "uninitialised account", role: "network", expect: "AccountNotInitialized" },
  ];
  const configAttacks: Attack[] = [
    { kind: "not writable", role: "config", expect: "AccountNotMutable" },
    { kind: "wrong owner", role: "config", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "config", expect: "AccountOwnedByWrongProgram", owner: CREDITS_PROGRAM_ID, note: "clone owned by the credits program" },
    { kind: "substituted account", role: "config", expect: "AccountDidNotDeserialize", replacement: () => epochVotesPda(w.f.network, 0), note: "an EpochVotes account (type confusion)" },
    { kind: "uninitialised account", role: "config", expect: "AccountNotInitialized" },
  ];

  describe("configuration", () => {
    const params = (over: Partial<rix.RewardsParams> = {}): rix.RewardsParams => ({
      supplyCap: new BN(1_000_000_000), operatorBps: 8_000, netEmissionCap: new BN(0), schedule: [{ startTs: new BN(w.f.genesis), emissionPerEpoch: new BN(1_000_000) }], ...over,
    });
    const init = (over: Partial<rix.RewardsParams> = {}, mode: rix.FundingModeValue = rix.FundingMode.Vault, network = () => w.network2, mint = () => w.mint2) => () =>
      rix.initializeRewards(w.f.program, { ...params(over), payer: w.crank.publicKey, authority: w.f.authority.publicKey, network: network(), mint: mint(), fundingMode: mode });
    const initWatch = () => [rewardsConfigPda(w.network2), rewardsVaultPda(w.network2), w.network2, w.mint2, w.crank.publicKey];
    const initSigners = () => [w.f.authority, w.crank];
    attacks(T("initialize_rewards", init(), initSigners, initWatch), [
      { kind: "missing signer", role: "payer", expect: "AccountNotSigner" },
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "not writable", role: "config", expect: "AccountNotMutable" },
      { kind: "not writable", role: "vault", expect: "AccountNotMutable" },
      ...networkAttacks("ConstraintAddress").filter((a) => a.note !== "another network, same authority"),
      { kind: "wrong PDA", role: "config", expect: "ConstraintSeeds", replacement: () => rewardsConfigPda(w.f.network), note: "another network's config PDA" },
      { kind: "wrong PDA", role: "vault", expect: "ConstraintSeeds", replacement: () => rewardsVaultPda(w.f.network), note: "another network's vault PDA" },
      { kind: "wrong mint", role: "mint", expect: "ConstraintAddress", replacement: () => w.f.mint, note: "another network's mint" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    domain("initialize_rewards", "wrong mint", "mint mode, mint authority not handed over", "ConstraintMintMintAuthority", initWatch, init({}, rix.FundingMode.Mint), initSigners);
    domain("initialize_rewards", "overflowing amount", "operator_bps = 10,001", "InvalidBasisPoints", initWatch, init({ operatorBps: 10_001 }), initSigners);
    domain("initialize_rewards", "overflowing amount", "funding_mode = 5", "InvalidFundingMode", initWatch, () => withRawEnumByte((m: rix.FundingModeValue) => init({}, m)(), ["mint", "vault"], 5), initSigners);
    domain("initialize_rewards", "zero amount", "empty schedule", "InvalidSchedule", initWatch, init({ schedule: [] }), initSigners);
    domain("initialize_rewards", "replay", "re-initialise an existing config", "AccountDiscriminatorAlreadySet", () => [w.config, w.vault, w.f.network, w.crank.publicKey],
      init({}, rix.FundingMode.Vault, () => w.f.network, () => w.f.mint), initSigners);

    const governed = (instruction: string, build: () => Promise<TransactionInstruction>) => attacks(T(instruction, build, auth, () => [w.config]), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      ...networkAttacks("WrongNetwork"),
      ...configAttacks,
    ], SUITE);
    const update = (over: Partial<rix.RewardsParams> = {}) => () => rix.updateRewardsConfig(w.f.program, w.f.authority.publicKey, w.f.network, params({ netEmissionCap: new BN(1_000_000), ...over }));
    governed("update_rewards_config", update());
    governed("set_paused", () => rix.setPaused(w.f.program, w.f.authority.publicKey, w.f.network, false));
    domain("update_rewards_config", "overflowing amount", "operator_bps = 10,001", "InvalidBasisPoints", () => [w.config], update({ operatorBps: 10_001 }), auth);
    domain("update_rewards_config", "zero amount", "supply_cap below what was emitted", "SupplyCapExceeded", () => [w.config], update({ supplyCap: new BN(1) }), auth);
    domain("update_rewards_config", "replay", "rewrite an already-emitted epoch's emission", "RetroactiveSchedule", () => [w.config], () => update({ schedule: [{ startTs: new BN(w.f.genesis), emissionPerEpoch: new BN(5) }] })(), auth);

    // Root activation delay and its veto (authority only, like every setter).
    const setDelay = (secs: number) => () => rix.setRootActivationDelay(w.f.program, w.f.authority.publicKey, w.f.network, secs);
    const veto = () => rix.vetoPendingRoot(w.f.program, w.f.authority.publicKey, w.f.network);
    governed("set_root_activation_delay", setDelay(3_600));
    governed("veto_pending_root", veto);
    domain("set_root_activation_delay", "overflowing amount", "delay longer than one epoch", "InvalidActivationDelay", () => [w.config], setDelay(86_401), auth);
    domain("set_root_activation_delay", "overflowing amount", "delay = u64::MAX", "InvalidActivationDelay", () => [w.config],
      () => rix.setRootActivationDelay(w.f.program, w.f.authority.publicKey, w.f.network, U64_MAX), auth);
    domain("veto_pending_root", "replay", "no root pending (none finalized with a delay, or vetoed already)", "NoPendingRoot", () => [w.config], veto, auth);
  });

  describe("epochs", () => {
    const submit = (over: { oracle?: () => Keypair; epoch?: number; tree?: () => { root: Buffer; total: bigint; leafCount: number } } = {}) => () => {
      const t = over.tree ? over.tree() : w.tree1;
      const epoch = over.epoch ?? 1;
      return rix.submitEpochRoot(w.f.program, { oracle: (over.oracle ?? (() => w.f.oracles[1]))().publicKey, network: w.f.network, mint: w.f.mint, treasury: w.f.treasury, epoch, root: t.root, total: t.total, leafCount: t.leafCount });
    };
    const watch = () => [w.config, epochVotesPda(w.f.network, 1), w.vault, w.f.mint, w.f.treasury, w.f.oracles[1].publicKey];
    const o1 = () => [w.f.oracles[1]];
    attacks(T("submit_epoch_root", submit(), o1, watch), [
      { kind: "missing signer", role: "oracle", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "oracle", expect: "NotOracle" },
      { kind: "not writable", role: "oracle", expect: "AccountNotMutable" },
      ...networkAttacks("WrongNetwork"),
      ...configAttacks,
      { kind: "not writable", role: "epoch_votes", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "epoch_votes", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "epoch_votes", expect: "AccountOwnedByWrongProgram", owner: CREDITS_PROGRAM_ID, note: "clone owned by the credits program" },
      { kind: "wrong PDA", role: "epoch_votes", expect: "ConstraintSeeds", replacement: () => epochVotesPda(w.f.network, 0), note: "votes of another epoch" },
      { kind: "wrong PDA", role: "epoch_votes", expect: "ConstraintSeeds", replacement: () => epochVotesPda(w.network2, 1), note: "uninitialised PDA of another network" },
      { kind: "uninitialised account", role: "epoch_votes", expect: "ConstraintSeeds" },
      { kind: "look-alike (same owner, other address)", role: "vault", expect: "ConstraintAddress" },
      { kind: "wrong mint", role: "mint", expect: "ConstraintAddress", replacement: () => w.mint2, note: "another mint" },
      { kind: "substituted account", role: "treasury", expect: "ConstraintAddress", replacement: () => w.mint2Tokens, note: "an attacker's token account" },
      { kind: "substituted account", role: "tally_ring", expect: "InvalidTally", replacement: () => creditsTallyRingPda(w.network2), note: "the tally ring PDA of another network" },
      { kind: "uninitialised account", role: "tally_ring", expect: "InvalidTally", note: "not the config's tally ring" },
      { kind: "substituted account", role: "tally_ring", expect: "InvalidTally", replacement: () => w.config, note: "a rewards-owned account as the tally ring" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    domain("submit_epoch_root", "replay", "double vote by the same oracle", "AlreadyVoted", watch, submit({ oracle: () => w.f.oracles[0] }), () => [w.f.oracles[0]]);
    domain("submit_epoch_root", "replay", "re-submit a finalized epoch", "EpochAlreadyFinalized", watch, async () => {
      const i = await submit({ epoch: 0, tree: () => w.tree0 })();
      return i;
    }, o1);
    domain("submit_epoch_root", "wrong PDA", "an epoch that has not ended", "EpochNotEnded", watch, submit({ epoch: 2 }), o1);
    domain("submit_epoch_root", "zero amount", "leaf_count = 0", "EmptyRoot", watch, submit({ tree: () => ({ ...w.tree1, leafCount: 0 }) }), o1);
    domain("submit_epoch_root", "overflowing amount", "root total above what the epoch funds", "RootExceedsFunded", () => [w.config, w.vault, w.f.mint, w.f.treasury], async () => {
      // Both remaining oracles agree on an overfunded root: the finalizing vote fails.
      const t = { ...w.tree1, total: 10n ** 15n };
      return [await submit({ oracle: () => w.f.oracles[2], tree: () => t })(), await submit({ tree: () => t })()];
    }, () => [w.f.oracles[1], w.f.oracles[2]]);
    domain("submit_epoch_root", "paused", "rewards paused", "Paused", watch, submit(), o1, pausedOpts);

    const clear = (epoch = 1) => () => rix.clearEpochVotes(w.f.program, w.f.authority.publicKey, w.f.network, epoch);
    attacks(T("clear_epoch_votes", clear(), auth, () => [epochVotesPda(w.f.network, 1)]), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      ...networkAttacks("WrongNetwork"),
      { kind: "not writable", role: "epoch_votes", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "epoch_votes", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "epoch_votes", expect: "AccountOwnedByWrongProgram", owner: CREDITS_PROGRAM_ID, note: "clone owned by the credits program" },
      { kind: "substituted account", role: "epoch_votes", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the config (type confusion)" },
      { kind: "uninitialised account", role: "epoch_votes", expect: "AccountNotInitialized" },
    ], SUITE);
    domain("clear_epoch_votes", "replay", "clear a finalized epoch", "EpochAlreadyFinalized", () => [epochVotesPda(w.f.network, 0)], clear(0), auth);
  });

  describe("initialize_claim_status", () => {
    // A fresh operator: its status does not exist yet, so the unmodified instruction would create it.
    const fresh = Keypair.generate().publicKey;
    const init = (operator = () => fresh) => () => rix.initializeClaimStatus(w.f.program, { payer: w.crank.publicKey, operator: operator(), network: w.f.network });
    const watch = () => [claimStatusPda(w.f.network, fresh), w.crank.publicKey];
    const crank = () => [w.crank];
    attacks(T("initialize_claim_status", init(), crank, watch), [
      { kind: "missing signer", role: "payer", expect: "AccountNotSigner" },
      { kind: "not writable", role: "payer", expect: "AccountNotMutable" },
      { kind: "not writable", role: "claim_status", expect: "AccountNotMutable" },
      ...configAttacks.filter((a) => a.kind !== "not writable"),
      { kind: "wrong PDA", role: "claim_status", expect: "ConstraintSeeds", replacement: () => claimStatusPda(w.network2, fresh), note: "PDA under another network" },
      { kind: "wrong PDA", role: "claim_status", expect: "ConstraintSeeds", replacement: () => claimStatusPda(w.f.network, Keypair.generate().publicKey), note: "another operator's PDA, not created" },
      { kind: "substituted account", role: "claim_status", expect: "ConstraintSeeds", replacement: () => claimStatusPda(w.f.network, w.opY.publicKey), note: "another operator's existing status" },
      { kind: "substituted account", role: "claim_status", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the config (type confusion)" },
      { kind: "uninitialised account", role: "config", expect: "AccountNotInitialized" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
  });

  describe("claim", () => {
    const claim = (over: { leaf?: () => RewardLeaf; proof?: () => Buffer[]; operatorToken?: () => PublicKey } = {}) => () => {
      const leaf = over.leaf ? over.leaf() : w.leaves0[0];
      return rix.claim(w.f.program, { payer: w.crank.publicKey, operator: leaf.operator, network: w.f.network, mint: w.f.mint, cumulativeAmount: leaf.amount, proof: over.proof ? over.proof() : w.tree0.proof(0), operatorToken: over.operatorToken?.() });
    };
    const ataX = () => rix.operatorTokenAccount(w.f.mint, w.opX.publicKey);
    const watch = () => [w.config, claimStatusPda(w.f.network, w.opX.publicKey), w.vault, ataX(), w.crank.publicKey];
    // No account of a claim signs: whoever pays the transaction fee submits it (the provider wallet).
    const crank = (): Keypair[] => [];
    attacks(T("claim", claim(), crank, watch), [
      ...configAttacks,
      { kind: "not writable", role: "claim_status", expect: "AccountNotMutable" },
      { kind: "substituted account", role: "claim_status", expect: "AccountOwnedByWrongProgram", replacement: () => forgeCopy(env(), claimStatusPda(w.f.network, w.opY.publicKey)), note: "wrong owner: a claim status copy owned by an attacker's program" },
      { kind: "wrong PDA", role: "claim_status", expect: "ConstraintSeeds", replacement: () => claimStatusPda(w.f.network, w.opY.publicKey), note: "another operator's claim status" },
      { kind: "wrong PDA", role: "claim_status", expect: "AccountNotInitialized", replacement: () => claimStatusPda(w.network2, w.opX.publicKey), note: "PDA under another network (never created)" },
      { kind: "substituted account", role: "claim_status", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the config (type confusion)" },
      { kind: "uninitialised account", role: "claim_status", expect: "AccountNotInitialized" },
      { kind: "not writable", role: "vault", expect: "AccountNotMutable" },
      { kind: "look-alike (same owner, other address)", role: "vault", expect: "ConstraintAddress" },
      { kind: "substituted account", role: "vault", expect: "ConstraintAddress", replacement: () => w.f.treasury, note: "the treasury as vault" },
      { kind: "not writable", role: "operator_token", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "operator_token", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "operator_token", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "clone owned by Token-2022" },
      { kind: "substituted account", role: "operator_token", expect: "ConstraintTokenOwner", replacement: () => w.f.treasury, note: "a token account the operator does not own" },
      { kind: "wrong mint", role: "operator_token", expect: "ConstraintTokenMint", replacement: () => w.mint2Tokens, note: "the operator's account of another mint" },
      { kind: "uninitialised account", role: "operator_token", expect: "ConstraintTokenTokenProgram" },
      { kind: "substituted account", role: "operator", expect: "ConstraintTokenOwner", replacement: () => w.opY.publicKey, note: "another operator with this leaf's proof" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
    ], SUITE);
    // `wrong owner` on claim_status needs an initialised status to clone: opY's, with opY's leaf.
    const ataY = () => rix.operatorTokenAccount(w.f.mint, w.opY.publicKey);
    const watchY = () => [w.config, claimStatusPda(w.f.network, w.opY.publicKey), w.vault, ataY(), w.crank.publicKey];
    const claimY = (amount: bigint, proof = () => w.tree0.proof(1)) => claim({ leaf: () => ({ operator: w.opY.publicKey, amount }), proof });
    domain("claim", "replay", "double claim of the same leaf", "NothingToClaim", watchY, claimY(200_000n), crank);
    domain("claim", "zero amount", "cumulative_amount = 0", "NothingToClaim", watch, claim({ leaf: () => ({ operator: w.opX.publicKey, amount: 0n }) }), crank);
    domain("claim", "overflowing amount", "cumulative above the root total", "ClaimExceedsRootTotal", watch, claim({ leaf: () => ({ operator: w.opX.publicKey, amount: 10n ** 12n }) }), crank);
    domain("claim", "overflowing amount", "cumulative = u64::MAX", "ClaimExceedsRootTotal", watch, claim({ leaf: () => ({ operator: w.opX.publicKey, amount: BigInt(U64_MAX.toString()) }) }), crank);
    domain("claim", "overflowing amount", "above the leaf amount", "InvalidProof", watch, claim({ leaf: () => ({ operator: w.opX.publicKey, amount: 300_001n }) }), crank);
    domain("claim", "wrong PDA", "another leaf's proof", "InvalidProof", watch, claim({ proof: () => w.tree0.proof(2) }), crank);
    domain("claim", "overflowing amount", "proof deeper than the maximum", "ProofTooLong", watch, async () => {
      // 33 nodes do not fit a transaction: declare 33 in the length prefix (checked before the
      // nodes are read), so the program must reject the depth itself.
      const i = await claim()();
      const len = Buffer.alloc(4);
      len.writeUInt32LE(MAX_DEPTH + 1);
      i.data = Buffer.concat([i.data.subarray(0, 16), len]);
      return i;
    }, crank);
    domain("claim", "paused", "rewards paused", "Paused", watch, claim(), crank, pausedOpts);
  });

  // Claims past total funded: a network of its own where a downward correction (operator A lowered
  // after claiming) leaves B's leaf above what is left of the funding (issue 13, item 8).
  describe("claim past the funding", () => {
    let v: { f: Fixture; b: RewardLeaf; tree: RewardTree };
    before(async function () {
      if (process.env.ANCHOR_PROVIDER_URL) this.skip();
      const f = await fixture();
      await f.init(rix.FundingMode.Mint, { operatorBps: 10_000 });
      const [a, b] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
      await f.toEpoch(1);
      const t0 = buildTree(f.network, [{ operator: a, amount: 600_000n }, { operator: b, amount: 400_000n }]);
      await f.finalize(0, t0);
      await f.claim(f.env.payer, { operator: a, amount: 600_000n }, t0.proof(0));
      await f.toEpoch(2);
      const leafB = { operator: b, amount: 2_000_000n };
      const tree = buildTree(f.network, [{ operator: a, amount: 0n }, leafB]);
      await f.finalize(1, tree);
      await f.send([createAssociatedTokenAccountIdempotentInstruction(f.env.payer.publicKey, rix.operatorTokenAccount(f.mint, b), b, f.mint),
        await rix.initializeClaimStatus(f.program, { payer: f.env.payer.publicKey, operator: b, network: f.network })]);
      v = { f, b: leafB, tree };
    });
    const funded = cases("groundwork_rewards", SUITE, () => v.f.env);
    funded("claim", "overflowing amount", "after a downward correction, a leaf above what is left of the funding", "ClaimExceedsFunded",
      () => [rewardsConfigPda(v.f.network), rewardsVaultPda(v.f.network), claimStatusPda(v.f.network, v.b.operator), rix.operatorTokenAccount(v.f.mint, v.b.operator)],
      () => rix.claim(v.f.program, { payer: v.f.env.payer.publicKey, operator: v.b.operator, network: v.f.network, mint: v.f.mint, cumulativeAmount: v.b.amount, proof: v.tree.proof(1) }), () => []);
  });
});
