// Adversarial suite of the credits program: every instruction × every attack class that applies.
// Look-alikes are made by the attacker's program with real transactions and price states are the
// fixture accounts (tests/support/fixtures.ts), so the suite runs on a real cluster too; attacks
// that need forged bytes in an account our programs own say so in their titles. One fixture serves
// all attacks because each is asserted to change nothing.
import BN from "bn.js";
import { withRawEnumByte } from "../support/enums";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createInitializeMint2Instruction, createMint, getMintLen, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { setup, Ctx, burnIx, spendIx, send, currentEpoch, pinPrice } from "../credits/setup";
import { encodePriceUpdateV2 } from "../../sdk/src/pyth";
import { PRICE_STATES, PRICES } from "../support/fixtures";
import { forgeAccount, ATTACKER_PROGRAM_ID } from "../support/attacks";
import {
  createDcMintInstructions, initializeCreditsIx, revokeDelegationIx, setCreditsPausedIx,
  setDelegationIx, updateCreditsConfigIx, CreditsParams, PRICE_MODE_ORACLE, PRICE_MODE_FIXED, PriceMode,
} from "../../sdk/src/credits/instructions";
import { creditsConfigPda, delegationPda, tallyRingPda } from "../../sdk/src/credits/pda";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { GroundworkCreditsIdl } from "../../sdk/src/idl/groundwork_credits";
import { Attack } from "../support/attacks";
import { attacks, Target } from "./spec";
import { cases } from "./domain";
import { enumValue } from "../../sdk/src/enums";

const idl = GroundworkCreditsIdl as unknown as Idl;
const SUITE = "adversarial: credits";
const U64_MAX = new BN("18446744073709551615");

interface World {
  ctx: Ctx;
  config: PublicKey;
  delegate: Keypair; // holds a delegation on the customer's DC account
  stranger: Keypair; // holds no delegation
  revoked: Keypair; // had a delegation, revoked (closed)
  /** A second network (no credits yet) governed by `other`, with a fresh DC mint for it. */
  other: Keypair;
  network2: PublicKey;
  tokenMint2: PublicKey;
  dcMint2: Keypair;
  otherMintTokens: PublicKey; // the customer's token account of the second mint
  /** The tally ring of a third network with credits set up (a real ring of another network). */
  foreignRing: PublicKey;
  /** A perfect PriceUpdateV2 in an account the attacker's program owns. */
  forgedPrice: PublicKey;
}

async function world(): Promise<World> {
  const ctx = await setup("oracle");
  const env = ctx.env;
  await send(env, [await burnIx(ctx, 10_000_000)], [ctx.customer]); // the customer holds credits
  const delegate = Keypair.generate(), stranger = Keypair.generate(), revoked = Keypair.generate(), other = Keypair.generate();
  for (const k of [delegate, stranger, revoked, other]) await env.airdrop(k.publicKey);
  const acc = (d: Keypair) => ({ holder: ctx.customer.publicKey, network: ctx.network, dcAccount: ctx.customerDc, delegate: d.publicKey });
  await send(env, [await setDelegationIx(ctx.program, acc(delegate), new BN(1_000))], [ctx.customer]);
  await send(env, [await setDelegationIx(ctx.program, acc(revoked), new BN(1_000))], [ctx.customer]);
  await send(env, [await revokeDelegationIx(ctx.program, { holder: ctx.customer.publicKey, dcAccount: ctx.customerDc, delegate: revoked.publicKey })], [ctx.customer]);
  const tokenMint2 = await createMint(env.connection, env.payer, env.payer.publicKey, null, 6);
  const treasury2 = await createAccount(env.connection, env.payer, tokenMint2, other.publicKey, Keypair.generate());
  const network2 = networkPda(tokenMint2, other.publicKey);
  await networkProgram(env.provider).methods
    .initializeNetwork(new BN(3_600), new BN(1_000_000), new BN(0), new BN(86_400), new BN(3_600), 5_000, enumValue("treasury"), 0, [])
    .accountsPartial({ payer: env.payer.publicKey, authority: other.publicKey, network: network2, mint: tokenMint2, stakeVault: stakeVaultPda(network2), treasury: treasury2, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
    .signers([other]).rpc();
  const dcMint2 = Keypair.generate();
  await send(env, await createDcMintInstructions(env.connection, env.payer.publicKey, dcMint2, network2), [dcMint2]);
  const otherMintTokens = await createAccount(env.connection, env.payer, tokenMint2, ctx.customer.publicKey, Keypair.generate());
  // Network 2's ring stays uncreated (initialize_credits runs on network 2 below): a third network,
  // with credits set up by real transactions, gives the tally ring of another network.
  const tokenMint3 = await createMint(env.connection, env.payer, env.payer.publicKey, null, 6);
  const treasury3 = await createAccount(env.connection, env.payer, tokenMint3, other.publicKey, Keypair.generate());
  const network3 = networkPda(tokenMint3, other.publicKey);
  await networkProgram(env.provider).methods
    .initializeNetwork(new BN(3_600), new BN(1_000_000), new BN(0), new BN(86_400), new BN(3_600), 5_000, enumValue("treasury"), 0, [])
    .accountsPartial({ payer: env.payer.publicKey, authority: other.publicKey, network: network3, mint: tokenMint3, stakeVault: stakeVaultPda(network3), treasury: treasury3, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
    .signers([other]).rpc();
  const dcMint3 = Keypair.generate();
  await send(env, [
    ...(await createDcMintInstructions(env.connection, env.payer.publicKey, dcMint3, network3)),
    await initializeCreditsIx(ctx.program, { payer: env.payer.publicKey, authority: other.publicKey, network: network3, dcMint: dcMint3.publicKey, tokenMint: tokenMint3 }, ctx.params),
  ], [dcMint3, other]);
  const foreignRing = tallyRingPda(network3);
  const forgedPrice = await forgeAccount(env, encodePriceUpdateV2(PRICE_STATES.fresh));
  return { ctx, config: creditsConfigPda(ctx.network), delegate, stranger, revoked, other, network2, tokenMint2, dcMint2, otherMintTokens, foreignRing, forgedPrice };
}

describe(SUITE, function () {
  let w: World;
  before(async function () {
    w = await world();
  });
  const env = () => w.ctx.env;
  const T = (instruction: string, build: () => Promise<TransactionInstruction>, signers: () => Keypair[], watched: () => PublicKey[]): Target => ({ env, idl, instruction, build, signers, watched });
  const domain = cases("groundwork_credits", SUITE, env);
  const setPaused = async (paused: boolean) => send(env(), [await setCreditsPausedIx(w.ctx.program, { authority: w.ctx.authority.publicKey, network: w.ctx.network }, paused)], [w.ctx.authority]);
  const pausedOpts = { before: () => setPaused(true), after: () => setPaused(false) };
  let epoch = 0;
  beforeEach(async () => { if (w) epoch = await currentEpoch(w.ctx); });

  const configAttacks = (writable: boolean): Attack[] => [
    ...(writable ? [{ kind: "not writable", role: "config", expect: "AccountNotMutable" } as Attack] : []),
    { kind: "wrong owner", role: "config", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "config", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
    { kind: "substituted account", role: "config", expect: "AccountDidNotDeserialize", replacement: () => tallyRingPda(w.ctx.network), note: "the TallyRing account (type confusion)" },
    { kind: "uninitialised account", role: "config", expect: "AccountNotInitialized" },
  ];
  // The tally ring burns and spends add to: trusted by owner, discriminator and stored network.
  const ringAttacks: Attack[] = [
    { kind: "not writable", role: "tally_ring", expect: "AccountNotMutable" },
    { kind: "wrong owner", role: "tally_ring", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "tally_ring", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "ring clone owned by an attacker's program" },
    { kind: "wrong PDA", role: "tally_ring", expect: "ConstraintSeeds", replacement: () => w.foreignRing, note: "the tally ring of another network" },
    { kind: "substituted account", role: "tally_ring", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the credits config (type confusion)" },
    { kind: "uninitialised account", role: "tally_ring", expect: "AccountNotInitialized" },
  ];
  const networkAttacks: Attack[] = [
    { kind: "wrong owner", role: "network", expect: "AccountOwnedByWrongProgram" },
    { kind: "look-alike (other program)", role: "network", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "network clone owned by an attacker's program" },
    { kind: "substituted account", role: "network", expect: "AccountOwnedByWrongProgram", replacement: () => w.config, note: "the credits config (not a Network)" },
    { kind: "uninitialised account", role: "network", expect: "AccountOwnedByWrongProgram" },
  ];

  describe("burn_for_credits", () => {
    const burn = (amount: number | BN = 1_000_000, minOut: number | BN = 0, over: Parameters<typeof burnIx>[3] = {}) => () => burnIx(w.ctx, amount, minOut, over);
    const watch = () => [w.config, w.ctx.tokenMint, w.ctx.source, w.ctx.dcMint, w.ctx.customerDc, tallyRingPda(w.ctx.network), w.ctx.priceUpdate, w.ctx.customer.publicKey];
    const signers = () => [w.ctx.customer];
    attacks(T("burn_for_credits", burn(), signers, watch), [
      { kind: "missing signer", role: "owner", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "owner", expect: /owner does not match|custom program error: 0x4\b/, note: "the token program rejects a burn from a source it does not own" },
      { kind: "not writable", role: "owner", expect: "AccountNotMutable" },
      ...configAttacks(true),
      { kind: "not writable", role: "token_mint", expect: /writable privilege escalated|PrivilegeEscalation|Cross-program invocation with unauthorized/i },
      { kind: "not writable", role: "source", expect: /writable privilege escalated|PrivilegeEscalation|Cross-program invocation with unauthorized/i },
      { kind: "not writable", role: "dc_mint", expect: /writable privilege escalated|PrivilegeEscalation|Cross-program invocation with unauthorized/i },
      { kind: "not writable", role: "recipient", expect: /writable privilege escalated|PrivilegeEscalation|Cross-program invocation with unauthorized/i },
      ...ringAttacks,
      { kind: "wrong mint", role: "token_mint", expect: "ConstraintAddress", replacement: () => w.tokenMint2, note: "another network's mint" },
      { kind: "wrong mint", role: "dc_mint", expect: "ConstraintAddress", replacement: () => w.dcMint2.publicKey, note: "another network's DC mint" },
      { kind: "wrong mint", role: "source", expect: "ConstraintTokenMint", replacement: () => w.otherMintTokens, note: "token account of another mint" },
      { kind: "wrong mint", role: "recipient", expect: "ConstraintTokenTokenProgram", replacement: () => w.ctx.source, note: "a Token-program account, not a DC account" },
      { kind: "wrong owner", role: "source", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "source", expect: "ConstraintTokenTokenProgram", owner: TOKEN_2022_PROGRAM_ID, note: "a real Token-2022 account or mint in its place" },
      { kind: "wrong owner", role: "recipient", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "recipient", expect: "ConstraintTokenTokenProgram", owner: TOKEN_PROGRAM_ID, note: "a real Token-program account in its place" },
      { kind: "uninitialised account", role: "source", expect: "ConstraintTokenTokenProgram" },
      { kind: "uninitialised account", role: "recipient", expect: "ConstraintTokenTokenProgram" },
      { kind: "substituted account", role: "price_update", expect: "ConstraintAddress", replacement: () => w.ctx.source, note: "not the pinned price account" },
      { kind: "look-alike (same owner, other address)", role: "price_update", expect: "ConstraintAddress", replacement: PRICES.moved, note: "a valid Pyth price at another address (a fixture account)" },
      { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
      { kind: "wrong program id", role: "dc_token_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    // The authority pins the price account in the state under test (a fixture account per state,
    // or the attacker's forgery), then the good one again.
    const restorePrice = () => pinPrice(w.ctx, "fresh");
    domain("burn_for_credits", "wrong owner", "pinned price account owned by an attacker's program", "AccountOwnedByWrongProgram", watch, burn(), signers,
      { before: () => pinPrice(w.ctx, w.forgedPrice), after: restorePrice });
    domain("burn_for_credits", "wrong owner", "pinned price account not fully verified", "PriceNotFullyVerified", watch, burn(), signers,
      { before: () => pinPrice(w.ctx, "partial"), after: restorePrice });
    domain("burn_for_credits", "wrong PDA", "pinned price account of another feed", "PriceFeedMismatch", watch, burn(), signers,
      { before: () => pinPrice(w.ctx, "wrongFeed"), after: restorePrice });
    domain("burn_for_credits", "replay", "a stale price replayed", "PriceStale", watch, burn(), signers,
      { before: () => pinPrice(w.ctx, "stale"), after: restorePrice });
    domain("burn_for_credits", "zero amount", "token_amount = 0", "ZeroAmount", watch, burn(0), signers);
    domain("burn_for_credits", "zero amount", "too few tokens for one credit", "CreditsTooSmall", watch, burn(1), signers);
    domain("burn_for_credits", "overflowing amount", "min_credits_out above the quote", "SlippageExceeded", watch, burn(1_000_000, U64_MAX), signers);
    domain("burn_for_credits", "overflowing amount", "token_amount = u64::MAX", "CircuitBreakerTripped", watch, burn(U64_MAX), signers);
    domain("burn_for_credits", "overflowing amount", "token_amount above the source balance", /insufficient funds|custom program error: 0x1\b/, watch, burn(2_000_000_000), signers);
    domain("burn_for_credits", "paused", "credits paused", "Paused", watch, burn(), signers, pausedOpts);
  });

  describe("spend_credits", () => {
    const spend = (spender: () => Keypair, amount = 10, delegated = false) => () => spendIx(w.ctx, spender().publicKey, amount, { delegated });
    const watch = () => [w.config, w.ctx.dcMint, w.ctx.customerDc, tallyRingPda(w.ctx.network), delegationPda(w.ctx.customerDc, w.delegate.publicKey), w.ctx.customer.publicKey, w.delegate.publicKey];
    const holder = () => [w.ctx.customer];
    const common = (): Attack[] => [
      ...configAttacks(false),
      { kind: "not writable", role: "dc_mint", expect: /writable privilege escalated|PrivilegeEscalation|Cross-program invocation with unauthorized/i },
      { kind: "not writable", role: "dc_account", expect: /writable privilege escalated|PrivilegeEscalation|Cross-program invocation with unauthorized/i },
      ...ringAttacks,
      { kind: "wrong mint", role: "dc_mint", expect: "ConstraintAddress", replacement: () => w.dcMint2.publicKey, note: "another network's DC mint" },
      { kind: "wrong mint", role: "dc_account", expect: "ConstraintTokenTokenProgram", replacement: () => w.ctx.source, note: "a Token-program account of the network mint" },
      { kind: "wrong owner", role: "dc_account", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "dc_account", expect: "ConstraintTokenTokenProgram", owner: TOKEN_PROGRAM_ID, note: "a real Token-program account in its place" },
      { kind: "uninitialised account", role: "dc_account", expect: "ConstraintTokenTokenProgram" },
      { kind: "wrong program id", role: "dc_token_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ];
    attacks(T("spend_credits", spend(() => w.ctx.customer), holder, watch), [
      { kind: "missing signer", role: "spender", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "spender", expect: "NotHolder", note: "a stranger with no delegation" },
      { kind: "not writable", role: "spender", expect: "AccountNotMutable" },
      ...common(),
    ], SUITE);
    // The delegated path: the provider spends under its Delegation.
    const del = { ...T("spend_credits", spend(() => w.delegate, 10, true), () => [w.delegate], watch) };
    attacks(del, [
      { kind: "wrong signer", role: "spender", expect: "NotDelegate", note: "delegated: a stranger presents the provider's delegation" },
      { kind: "not writable", role: "delegation", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "delegation", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "delegation", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "substituted account", role: "delegation", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the config (type confusion)" },
      { kind: "closed account", role: "delegation", expect: "AccountNotInitialized", replacement: () => delegationPda(w.ctx.customerDc, w.revoked.publicKey), note: "a revoked (closed) delegation" },
      { kind: "uninitialised account", role: "delegation", expect: "AccountNotInitialized" },
    ], SUITE);
    domain("spend_credits", "wrong PDA", "delegated: another delegate's delegation", "NotDelegate", watch, async () => {
      // The stranger signs and presents the provider's delegation (index 5 = delegation).
      const i = await spendIx(w.ctx, w.stranger.publicKey, 10, { delegated: true });
      i.keys[5].pubkey = delegationPda(w.ctx.customerDc, w.delegate.publicKey);
      return i;
    }, () => [w.stranger]);
    domain("spend_credits", "zero amount", "amount = 0", "ZeroAmount", watch, spend(() => w.ctx.customer, 0), holder);
    domain("spend_credits", "overflowing amount", "more than the balance", "InsufficientCredits", watch, spend(() => w.ctx.customer, 2 ** 52), holder);
    domain("spend_credits", "overflowing amount", "delegated: more than the allowance", "AllowanceExceeded", watch, spend(() => w.delegate, 1_001, true), () => [w.delegate]);
    domain("spend_credits", "closed account", "delegated: provider whose delegation was revoked", "AccountNotInitialized", watch, spend(() => w.revoked, 10, true), () => [w.revoked]);
    domain("spend_credits", "paused", "credits paused", "Paused", watch, spend(() => w.ctx.customer), holder, pausedOpts);
    domain("spend_credits", "paused", "credits paused (delegated)", "Paused", watch, spend(() => w.delegate, 10, true), () => [w.delegate], pausedOpts);
  });

  describe("configuration", () => {
    const dc = () => w.dcMint2.publicKey;
    const init = (over: Partial<CreditsParams> = {}, authority = () => w.other) => () => initializeCreditsIx(w.ctx.program,
      { payer: env().payer.publicKey, authority: authority().publicKey, network: w.network2, dcMint: dc(), tokenMint: w.tokenMint2 }, { ...w.ctx.params, ...over });
    const initWatch = () => [creditsConfigPda(w.network2), tallyRingPda(w.network2), w.network2, w.dcMint2.publicKey];
    attacks(T("initialize_credits", init(), () => [w.other], initWatch), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      { kind: "not writable", role: "config", expect: "AccountNotMutable" },
      ...networkAttacks,
      { kind: "wrong PDA", role: "config", expect: "ConstraintSeeds", replacement: () => creditsConfigPda(w.ctx.network), note: "another network's config PDA" },
      { kind: "not writable", role: "tally_ring", expect: "AccountNotMutable" },
      { kind: "wrong PDA", role: "tally_ring", expect: "ConstraintSeeds", replacement: () => tallyRingPda(w.ctx.network), note: "another network's tally ring PDA" },
      { kind: "wrong mint", role: "token_mint", expect: "ConstraintAddress", replacement: () => w.ctx.tokenMint, note: "another network's mint" },
      { kind: "wrong mint", role: "dc_mint", expect: "InvalidDcMint", replacement: () => w.ctx.dcMint, note: "a DC mint whose authority is another config" },
      { kind: "wrong owner", role: "dc_mint", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "dc_mint", expect: "ConstraintTokenTokenProgram", owner: TOKEN_PROGRAM_ID, note: "a real Token-program mint in the DC mint's place" },
      { kind: "uninitialised account", role: "dc_mint", expect: "ConstraintTokenTokenProgram" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    const m = Keypair.generate(); // the plain mint below
    const dcAgain = Keypair.generate(); // a valid, unused DC mint for the replay
    domain("initialize_credits", "wrong mint", "a Token-2022 DC mint without NonTransferable", "DcMintNotNonTransferable", initWatch, async () => {
      // A plain Token-2022 mint (no NonTransferable extension) with the right authority.
      const lamports = await env().connection.getMinimumBalanceForRentExemption(getMintLen([]));
      return [
        SystemProgram.createAccount({ fromPubkey: env().payer.publicKey, newAccountPubkey: m.publicKey, space: getMintLen([]), lamports, programId: TOKEN_2022_PROGRAM_ID }),
        createInitializeMint2Instruction(m.publicKey, 0, creditsConfigPda(w.network2), null, TOKEN_2022_PROGRAM_ID),
        await initializeCreditsIx(w.ctx.program, { payer: env().payer.publicKey, authority: w.other.publicKey, network: w.network2, dcMint: m.publicKey, tokenMint: w.tokenMint2 }, w.ctx.params),
      ];
    }, () => [w.other, m]);
    domain("initialize_credits", "zero amount", "credits_per_token = 0 (fixed mode)", "InvalidFixedPrice", initWatch, init({ priceMode: PRICE_MODE_FIXED, creditsPerToken: new BN(0) }), () => [w.other]);
    domain("initialize_credits", "overflowing amount", "price_mode = 7", "InvalidPriceMode", initWatch, () => withRawEnumByte((m: PriceMode) => init({ priceMode: m })(), ["fixed", "oracle"], 7), () => [w.other]);
    domain("initialize_credits", "replay", "re-initialise an existing config", "AccountDiscriminatorAlreadySet", () => [w.config, w.ctx.network, w.ctx.dcMint],
      async () => [
        ...(await createDcMintInstructions(env().connection, env().payer.publicKey, dcAgain, w.ctx.network)),
        await initializeCreditsIx(w.ctx.program, { payer: env().payer.publicKey, authority: w.ctx.authority.publicKey, network: w.ctx.network, dcMint: dcAgain.publicKey, tokenMint: w.ctx.tokenMint }, w.ctx.params),
      ], () => [w.ctx.authority, dcAgain]);

    const governed = (instruction: string, build: () => Promise<TransactionInstruction>) => attacks(T(instruction, build, () => [w.ctx.authority], () => [w.config, w.ctx.network]), [
      { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "authority", expect: "Unauthorized" },
      ...networkAttacks,
      { kind: "substituted account", role: "network", expect: "ConstraintHasOne", replacement: () => w.network2, note: "another network" },
      ...configAttacks(true),
    ], SUITE);
    const gov = () => ({ authority: w.ctx.authority.publicKey, network: w.ctx.network });
    const update = (over: Partial<CreditsParams> = {}) => () => updateCreditsConfigIx(w.ctx.program, gov(), { ...w.ctx.params, ...over });
    governed("update_credits_config", update());
    governed("set_credits_paused", () => setCreditsPausedIx(w.ctx.program, gov(), false));
    const cfgWatch = () => [w.config];
    const auth = () => [w.ctx.authority];
    domain("update_credits_config", "zero amount", "credits_per_token = 0 (fixed mode)", "InvalidFixedPrice", cfgWatch, update({ priceMode: PRICE_MODE_FIXED, creditsPerToken: new BN(0) }), auth);
    domain("update_credits_config", "zero amount", "max_price_age_secs = 0 (oracle mode)", "InvalidOracleParams", cfgWatch, update({ priceMode: PRICE_MODE_ORACLE, maxPriceAgeSecs: new BN(0) }), auth);
    domain("update_credits_config", "overflowing amount", "price_mode = 7", "InvalidPriceMode", cfgWatch, () => withRawEnumByte((m: PriceMode) => update({ priceMode: m })(), ["fixed", "oracle"], 7), auth);
    domain("update_credits_config", "zero amount", "breaker_window_secs = 0", "InvalidBreaker", cfgWatch, update({ breakerWindowSecs: new BN(0) }), auth);

    const setDel = (delegate: () => PublicKey, allowance = 500) => () => setDelegationIx(w.ctx.program, { holder: w.ctx.customer.publicKey, network: w.ctx.network, dcAccount: w.ctx.customerDc, delegate: delegate() }, new BN(allowance));
    const setWatch = () => [w.config, w.ctx.customerDc, delegationPda(w.ctx.customerDc, w.stranger.publicKey), w.ctx.customer.publicKey];
    attacks(T("set_delegation", setDel(() => w.stranger.publicKey), () => [w.ctx.customer], setWatch), [
      { kind: "missing signer", role: "holder", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "holder", expect: "NotHolder" },
      { kind: "not writable", role: "holder", expect: "AccountNotMutable" },
      { kind: "not writable", role: "delegation", expect: "AccountNotMutable" },
      ...configAttacks(false),
      { kind: "wrong owner", role: "dc_account", expect: "ConstraintTokenTokenProgram" },
      { kind: "look-alike (other program)", role: "dc_account", expect: "ConstraintTokenTokenProgram", owner: TOKEN_PROGRAM_ID, note: "a real Token-program account in its place" },
      { kind: "wrong mint", role: "dc_account", expect: "ConstraintTokenTokenProgram", replacement: () => w.ctx.source, note: "a Token-program account of the network mint" },
      { kind: "uninitialised account", role: "dc_account", expect: "ConstraintTokenTokenProgram" },
      { kind: "wrong PDA", role: "delegation", expect: "ConstraintSeeds", replacement: () => delegationPda(w.ctx.customerDc, w.revoked.publicKey), note: "PDA of another delegate" },
      { kind: "substituted account", role: "delegation", expect: "ConstraintSeeds", replacement: () => delegationPda(w.ctx.customerDc, w.delegate.publicKey), note: "another delegate's existing delegation" },
      { kind: "substituted account", role: "delegation", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the config (type confusion)" },
      { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
    ], SUITE);
    domain("set_delegation", "zero amount", "allowance = 0", "ZeroAmount", setWatch, setDel(() => w.stranger.publicKey, 0), () => [w.ctx.customer]);

    const revoke = () => revokeDelegationIx(w.ctx.program, { holder: w.ctx.customer.publicKey, dcAccount: w.ctx.customerDc, delegate: w.delegate.publicKey });
    const revWatch = () => [delegationPda(w.ctx.customerDc, w.delegate.publicKey), w.ctx.customer.publicKey];
    attacks(T("revoke_delegation", revoke, () => [w.ctx.customer], revWatch), [
      { kind: "missing signer", role: "holder", expect: "AccountNotSigner" },
      { kind: "wrong signer", role: "holder", expect: "NotHolder" },
      { kind: "not writable", role: "holder", expect: "AccountNotMutable" },
      { kind: "not writable", role: "delegation", expect: "AccountNotMutable" },
      { kind: "wrong owner", role: "delegation", expect: "AccountOwnedByWrongProgram" },
      { kind: "look-alike (other program)", role: "delegation", expect: "AccountOwnedByWrongProgram", owner: ATTACKER_PROGRAM_ID, note: "clone owned by an attacker's program" },
      { kind: "substituted account", role: "delegation", expect: "AccountDidNotDeserialize", replacement: () => w.config, note: "the config (type confusion)" },
      { kind: "uninitialised account", role: "delegation", expect: "AccountNotInitialized" },
    ], SUITE);
    domain("revoke_delegation", "replay", "revoke a revoked (closed) delegation", "AccountNotInitialized", () => [delegationPda(w.ctx.customerDc, w.revoked.publicKey), w.ctx.customer.publicKey],
      () => revokeDelegationIx(w.ctx.program, { holder: w.ctx.customer.publicKey, dcAccount: w.ctx.customerDc, delegate: w.revoked.publicKey }), () => [w.ctx.customer]);
  });
});
