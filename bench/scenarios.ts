// The realistic cases each instruction is measured in, one instruction per transaction, on the
// real programs in the embedded SVM. Every program gets its own network (its own mint) so the
// cases do not interfere; the clock is shared and only moves forward.
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { Address } from "@solana/kit";
import { createAccount, createAssociatedTokenAccountIdempotentInstruction, createMint, getAssociatedTokenAddressSync, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Bench } from "./harness";
import { Recorder } from "./recorder";
import { LEAF_HASH, NODE_HASH } from "./floors";
import { networkProgram, NetworkProgram } from "../sdk/src/network/program";
import { networkPda, operatorPda } from "../sdk/src/network/pda";
import * as net from "../sdk/src/network/instructions";
import { attestationInstruction, signAttestation } from "../sdk/src/network/attestation";
import { fetchNetwork } from "../sdk/src/network/accounts";
import { creditsProgram, CreditsProgram } from "../sdk/src/credits/program";
import * as cred from "../sdk/src/credits/instructions";
import { fetchCreditsConfig, epochAt } from "../sdk/src/credits/accounts";
import { encodePriceUpdateV2, PRICE_UPDATE_V2_LEN, PYTH_RECEIVER_PROGRAM_ID } from "../sdk/src/pyth";
import { rewardsProgram, RewardsProgram } from "../sdk/src/rewards/program";
import * as rew from "../sdk/src/rewards/instructions";
import { rewardsConfigPda, rewardsVaultPda } from "../sdk/src/rewards/pda";
import { buildTree, leafHash, rootOf, RewardLeaf } from "../sdk/src/rewards/merkle";
import { Groundwork } from "../sdk/src/groundwork";
import { GroundworkCreditsIdl } from "../sdk/src/idl/groundwork_credits";

export const BUDGET = {
  stake: 3_000,
  registerDevice: 6_000,
  /** register_device with a maker's co-signature and the onboarding fee burned through the credits program. */
  registerDeviceMakerFee: 12_000,
  burnOracle: 8_000,
  spend: 4_000,
  claimDepth20: 6_000,
  finalize: 6_000,
  txBytes: 1_232,
};

const hash32 = (seed: number) => Array.from({ length: 32 }, (_, i) => (seed * 31 + i) & 0xff);

interface NetworkWorld {
  mint: PublicKey;
  treasury: PublicKey;
  network: PublicKey;
  authority: Keypair;
  oracles: Keypair[];
}

/** A fresh mint and its network; `initialize_network` is measured when `rec` is given. */
async function newNetwork(b: Bench, program: NetworkProgram, rec: Recorder | undefined, o: { epochSecs: number; oracles: number; threshold: number }): Promise<NetworkWorld> {
  const authority = Keypair.generate();
  await b.airdrop(authority.publicKey);
  const mint = await createMint(b.connection, b.payer, authority.publicKey, null, 6);
  const treasury = await createAccount(b.connection, b.payer, mint, authority.publicKey, Keypair.generate());
  const oracles = Array.from({ length: o.oracles }, () => Keypair.generate());
  for (const k of oracles) await b.airdrop(k.publicKey, 5);
  const ix = await net.initializeNetworkIx(program, {
    payer: b.payer.publicKey, authority: authority.publicKey, mint, treasury, epochLengthSecs: o.epochSecs, stakePerDevice: 1_000, minOperatorStake: 500,
    unbondingSecs: 3_600, slashDisputeWindowSecs: 600, maxSlashBps: 5_000, slashDestination: net.SLASH_DESTINATION.treasury,
    oracleThreshold: o.threshold, oracles: oracles.map((k) => k.publicKey),
  });
  const s = await b.measure([ix], [authority]);
  rec?.add("network", "initialize_network", "creates network + stake vault (1–5 oracles)", s);
  return { mint, treasury, network: networkPda(mint, authority.publicKey), authority, oracles };
}

export async function networkScenarios(b: Bench, rec: Recorder, n: number): Promise<void> {
  const program = networkProgram(b.provider);
  const P = "network";
  const worlds: NetworkWorld[] = [];
  for (let i = 0; i < n; i++) worlds.push(await newNetwork(b, program, rec, { epochSecs: 86_400, oracles: 1 + (i % 5), threshold: 1 }));
  const w = await newNetwork(b, program, rec, { epochSecs: 86_400, oracles: 3, threshold: 2 });
  const { network, authority, mint } = w;
  const gov = { authority: authority.publicKey, network };
  const params = { stakePerDevice: 1_000, minOperatorStake: 500, unbondingSecs: 3_600, slashDisputeWindowSecs: 600, maxSlashBps: 5_000, slashDestination: net.SLASH_DESTINATION.treasury };

  for (let i = 0; i < n; i++) rec.add(P, "update_params", "authority", await b.measure([await net.updateParamsIx(program, { ...gov, ...params, unbondingSecs: 3_600 + i })], [authority]));
  for (let i = 0; i < n; i++) {
    rec.add(P, "set_oracles", "3 oracles, threshold 2", await b.measure([await net.setOraclesIx(program, { ...gov, oracles: w.oracles.map((k) => k.publicKey), threshold: 2 })], [authority]), { sys: { clock: true } });
  }
  // The governance timelock: weakening changes queue, anyone applies them once due.
  const newTreasury = await createAccount(b.connection, b.payer, mint, authority.publicKey, Keypair.generate());
  for (let i = 0; i < n; i++) {
    rec.add(P, "update_params", "weakening (queued)", await b.measure([await net.updateParamsIx(program, { ...gov, ...params, unbondingSecs: 3_600, maxSlashBps: 5_001 + i })], [authority]), { sys: { clock: true } });
    rec.add(P, "set_oracles", "adds a key (queued)", await b.measure([await net.setOraclesIx(program, { ...gov, oracles: [...w.oracles.map((k) => k.publicKey), Keypair.generate().publicKey], threshold: 2 })], [authority]), { sys: { clock: true } });
    rec.add(P, "set_treasury", "queued", await b.measure([await net.setTreasuryIx(program, { ...gov, treasury: newTreasury })], [authority]), { sys: { clock: true } });
    if (i % 2 === 0) {
      rec.add(P, "cancel_governance", "queued oracle set", await b.measure([await net.cancelGovernanceIx(program, { ...gov, kind: net.GOVERNANCE_KIND.oracles })], [authority]));
      await b.send([await net.setOraclesIx(program, { ...gov, oracles: [...w.oracles.map((k) => k.publicKey), Keypair.generate().publicKey], threshold: 2 })], [authority]);
    }
    b.connection.warp(2 * 3_600 + 86_400); // past the timelock (unbonding, at most 3,600 + n, plus a day)
    rec.add(P, "apply_governance", "params + oracles + treasury", await b.measure([await net.applyGovernanceIx(program, { network })]), { sys: { clock: true } });
    // Back to the three oracles (removing a key applies at once).
    await b.send([await net.setOraclesIx(program, { ...gov, oracles: w.oracles.map((k) => k.publicKey), threshold: 2 })], [authority]);
  }
  for (let i = 0; i < n; i++) {
    rec.add(P, "set_paused", "pause all", await b.measure([await net.setPausedIx(program, { ...gov, paused: 7 })], [authority]));
    rec.add(P, "set_paused", "resume", await b.measure([await net.setPausedIx(program, { ...gov, paused: 0 })], [authority]));
  }
  // Authority handover on the side networks (each ends with a new authority).
  for (const side of worlds) {
    const next = Keypair.generate();
    rec.add(P, "propose_authority", "propose", await b.measure([await net.proposeAuthorityIx(program, { authority: side.authority.publicKey, network: side.network, newAuthority: next.publicKey })], [side.authority]));
    rec.add(P, "accept_authority", "accept", await b.measure([await net.acceptAuthorityIx(program, { newAuthority: next.publicKey, network: side.network })], [next]));
  }

  // Operators: register, stake (first, later), devices.
  const ops: { wallet: Keypair; tokens: PublicKey; key: PublicKey }[] = [];
  const count = Math.max(n, 6);
  for (let i = 0; i < count; i++) {
    const wallet = Keypair.generate();
    await b.airdrop(wallet.publicKey);
    const tokens = await createAccount(b.connection, b.payer, mint, wallet.publicKey, Keypair.generate());
    await mintTo(b.connection, b.payer, mint, tokens, authority, 1_000_000_000n);
    rec.add(P, "register_operator", "creates operator account", await b.measure([await net.registerOperatorIx(program, { payer: b.payer.publicKey, authority: wallet.publicKey, network })], [wallet]));
    ops.push({ wallet, tokens, key: operatorPda(network, wallet.publicKey) });
  }
  const stake = (o: (typeof ops)[number], amount: number) => net.stakeIx(program, { network, authority: o.wallet.publicKey, source: o.tokens, amount });
  for (const o of ops) rec.add(P, "stake", "first stake", await b.measure([await stake(o, 20_000)], [o.wallet]), { budget: BUDGET.stake });
  for (const o of ops) rec.add(P, "stake", "later stake", await b.measure([await stake(o, 5_000)], [o.wallet]), { budget: BUDGET.stake });

  const devices: Keypair[][] = ops.map(() => []);
  const deviceRounds = 3;
  for (let r = 0; r < deviceRounds; r++) {
    for (const [i, o] of ops.entries()) {
      const device = Keypair.generate();
      devices[i].push(device);
      const ix = await net.registerDeviceIx(program, {
        payer: b.payer.publicKey, network, authority: o.wallet.publicKey, deviceKey: device.publicKey, kind: 1, location: 0x8a2a1072b59ffffn + BigInt(r), metadataHash: hash32(r * 100 + i),
        feeSchedule: false, // as the SDK's clients send it on a network without fees: no optional accounts
      });
      rec.add(P, "register_device", "creates device account", await b.measure([ix], [o.wallet, device]), { sys: { clock: true }, budget: BUDGET.registerDevice });
    }
  }
  for (const [i, o] of ops.slice(0, n).entries()) {
    rec.add(P, "deactivate_device", "active device", await b.measure([await net.deactivateDeviceIx(program, { network, authority: o.wallet.publicKey, deviceKey: devices[i][0].publicKey })], [o.wallet]));
  }
  for (let i = 0; i < Math.min(n, ops.length - 1); i++) {
    const from = ops[i];
    const to = ops[i + 1];
    const ix = await net.transferDeviceIx(program, { network, authority: from.wallet.publicKey, newAuthority: to.wallet.publicKey, deviceKey: devices[i][1].publicKey });
    rec.add(P, "transfer_device", "to another operator", await b.measure([ix], [from.wallet, to.wallet]));
  }
  for (const o of ops.slice(0, n)) {
    rec.add(P, "request_unstake", "with devices bonded", await b.measure([await net.requestUnstakeIx(program, { network, authority: o.wallet.publicKey, amount: 1_000 })], [o.wallet]), { sys: { clock: true } });
  }
  b.connection.warp(3_700); // past unbonding (update_params set it to 3,600 + i)
  for (const o of ops.slice(0, n)) {
    rec.add(P, "withdraw_unstaked", "after unbonding", await b.measure([await net.withdrawUnstakedIx(program, { network, authority: o.wallet.publicKey, destination: o.tokens })], [o.wallet]), { sys: { clock: true } });
  }

  // Slashing: proposals against the operators; oracle 0 proposes, oracle 1 approves (threshold 2).
  const [o0, o1, o2] = w.oracles;
  // A proposal is keyed by (operator, evidence): each gets its own evidence hash.
  type Ref = { network: PublicKey; operator: PublicKey; evidenceHash: number[] };
  const propose = async (target: (typeof ops)[number], amount: number): Promise<Ref> => {
    const id = (await fetchNetwork(program, network)).slashProposalCount;
    const ref = { network, operator: target.key, evidenceHash: hash32(Number(id.toString())) };
    const ix = await net.proposeSlashIx(program, { payer: b.payer.publicKey, oracle: o0.publicKey, ...ref, amount, reason: 1 });
    rec.add(P, "propose_slash", "creates proposal", await b.measure([ix], [o0]), { sys: { clock: true } });
    return ref;
  };
  const approve = async (ref: Ref, oracle: Keypair, kase: string) =>
    rec.add(P, "approve_slash", kase, await b.measure([await net.approveSlashIx(program, { oracle: oracle.publicKey, ...ref })], [oracle]), { sys: { clock: true } });
  const toExecute: { ref: Ref; target: (typeof ops)[number] }[] = [];
  for (const target of ops.slice(0, n)) {
    const ref = await propose(target, 1_000);
    await approve(ref, o1, "reaches threshold");
    await approve(ref, o2, "past threshold");
    toExecute.push({ ref, target });
  }
  const vetoed: Ref[] = [];
  const disputed: { ref: Ref; target: (typeof ops)[number] }[] = [];
  for (const target of ops.slice(0, Math.max(2, Math.ceil(n / 2)))) {
    vetoed.push(await propose(target, 100));
    const ref = await propose(target, 100);
    disputed.push({ ref, target });
  }
  for (const ref of vetoed) {
    rec.add(P, "veto_slash", "pending proposal", await b.measure([await net.vetoSlashIx(program, { ...ref, authority: authority.publicKey })], [authority]), { sys: { clock: true } });
  }
  for (const ref of vetoed) {
    rec.add(P, "refresh_slash", "closes a vetoed proposal", await b.measure([await net.refreshSlashIx(program, { ...ref, payer: b.payer.publicKey })]), { sys: { clock: true } });
  }
  for (const d of disputed) {
    rec.add(P, "dispute_slash", "within window", await b.measure([await net.disputeSlashIx(program, { ...d.ref, authority: d.target.wallet.publicKey })], [d.target.wallet]), { sys: { clock: true } });
  }
  b.connection.warp(601);
  for (const e of toExecute) {
    rec.add(P, "execute_slash", "to treasury (jails)", await b.measure([await net.executeSlashIx(program, { ...e.ref, mint, treasury: newTreasury })]), { sys: { clock: true } }); // the timelocked set_treasury above applied
  }
  for (const e of toExecute) {
    rec.add(P, "unjail_operator", "jailed operator", await b.measure([await net.unjailOperatorIx(program, { ...gov, operator: e.target.key })], [authority]));
  }
}

// --- Makers and fees in credits ------------------------------------------------------------------

/** The bench's key for the credits program's `burn_fee` when the network program invokes it. */
export { BURN_FEE_FLOOR } from "./floors";
import { BURN_FEE_FLOOR } from "./floors";
export const BURN_FEE_CPI = `credits:ix#${GroundworkCreditsIdl.instructions.find((i) => i.name === "burnFee" || i.name === "burn_fee")!.discriminator[0]}`;

/**
 * A network with credits, makers required and kind 1 priced (onboarding 40, location 5 credits;
 * kind 2 free): approving, revoking, pricing, and devices onboarded with a maker's co-signature,
 * the fee paid by the operator or pre-paid by the maker, relocated and reactivated.
 */
export async function makerScenarios(b: Bench, rec: Recorder, n: number): Promise<{ burnFeeCpi: number[] }> {
  const gw = Groundwork.connect(b.provider);
  const program = networkProgram(b.provider);
  const P = "network";
  const team = Keypair.generate();
  await b.airdrop(team.publicKey);
  const mint = await createMint(b.connection, b.payer, team.publicKey, null, 0);
  const treasury = await createAccount(b.connection, b.payer, mint, team.publicKey, Keypair.generate());
  const created = await gw.team(team).createNetwork({
    mint, treasury, epochLengthSecs: 86_400, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: [team.publicKey], oracleThreshold: 1,
    credits: { mode: "fixed", creditsPerToken: 10, breakerWindowSecs: 3_600, breakerMaxCredits: 1_000_000_000 },
  });
  const network = created.network;
  const dcMint = created.dcMint!;
  const gov = { authority: team.publicKey, network };
  const funded = async () => {
    const w = Keypair.generate();
    await b.airdrop(w.publicKey);
    const ata = getAssociatedTokenAddressSync(mint, w.publicKey);
    await b.send([createAssociatedTokenAccountIdempotentInstruction(b.payer.publicKey, ata, w.publicKey, mint)]);
    await mintTo(b.connection, b.payer, mint, ata, team, 1_000_000n);
    await gw.customer(network, w).openCreditsAccount();
    await gw.customer(network, w).buyCredits(10_000);
    return w;
  };

  for (let i = 0; i < n; i++) {
    rec.add(P, "set_makers_required", "on or off", await b.measure([await net.setMakersRequiredIx(program, { ...gov, required: i % 2 === 0 })], [team]));
  }
  await b.send([await net.setMakersRequiredIx(program, { ...gov, required: true })], [team]);
  rec.add(P, "set_device_fees", "creates the fee schedule", await b.measure([await net.setDeviceFeesIx(program, { ...gov, payer: b.payer.publicKey, kind: 1, onboardingFee: 40, locationFee: 5 })], [team]));
  for (let i = 0; i < n; i++) {
    rec.add(P, "set_device_fees", "another kind / a priced kind again", await b.measure([await net.setDeviceFeesIx(program, { ...gov, payer: b.payer.publicKey, kind: 3 + (i % 2), onboardingFee: 40 + i, locationFee: 5 })], [team]));
  }
  const makers: Keypair[] = [];
  for (let i = 0; i < n; i++) {
    const m = await funded();
    await gw.maker(network, m).stake(50_000);
    const ix = await net.approveMakerIx(program, { ...gov, payer: b.payer.publicKey, makerKey: m.publicKey, nameHash: hash32(i), kinds: [1, 2], stakeRequired: 10_000 });
    rec.add(P, "approve_maker", "creates maker (2 kinds)", await b.measure([ix], [team]), { sys: { clock: true } });
    makers.push(m);
  }
  const fee = (owner: PublicKey) => ({ owner, dcMint });
  const variant = { [BURN_FEE_CPI]: BURN_FEE_FLOOR };
  const operators: { wallet: Keypair; devices: Keypair[] }[] = [];
  const burnFeeCpi: number[] = [];
  for (let i = 0; i < n; i++) {
    const wallet = await funded();
    await gw.operator(network, wallet).register();
    await gw.operator(network, wallet).stake(10_000);
    operators.push({ wallet, devices: [] });
  }
  // `attested`: the maker signed an attestation offline and is absent; the Ed25519SigVerify
  // instruction goes first and the row measures register_device (the last instruction).
  const register = async (o: (typeof operators)[number], maker: Keypair, kind: number, payer: Keypair | null, kase: string, budget?: number, attested = false) => {
    const device = Keypair.generate();
    const ix = await net.registerDeviceIx(program, {
      payer: b.payer.publicKey, network, authority: o.wallet.publicKey, deviceKey: device.publicKey, kind, location: 0x8a2a1072b59ffffn, metadataHash: hash32(kind),
      maker: maker.publicKey, makerAttested: attested, fee: payer ? fee(payer.publicKey) : undefined,
    });
    const ixs = attested ? [attestationInstruction(signAttestation(maker, network, device.publicKey, kind)), ix] : [ix];
    const signers = [o.wallet, device, ...(attested ? [] : [maker]), ...(payer ? [payer] : [])];
    const sample = rec.add(P, "register_device", kase, await b.measure(ixs, signers), { sys: { clock: true }, budget: budget ?? BUDGET.registerDevice, variant });
    for (const c of sample.cpis) if (`${c.program}:${c.kind}` === BURN_FEE_CPI && c.cu !== undefined) burnFeeCpi.push(c.cu);
    o.devices.push(device);
    return device;
  };
  for (const [i, o] of operators.entries()) await register(o, makers[i], 2, null, "maker co-signs, free kind", BUDGET.registerDeviceMakerFee);
  for (const [i, o] of operators.entries()) await register(o, makers[i], 1, o.wallet, "maker co-signs, operator pays the fee (credits CPI)", BUDGET.registerDeviceMakerFee);
  for (const [i, o] of operators.entries()) await register(o, makers[i], 1, makers[i], "maker co-signs and pre-pays the fee (credits CPI)", BUDGET.registerDeviceMakerFee);
  for (const [i, o] of operators.entries()) await register(o, makers[i], 2, null, "maker attested offline, free kind", BUDGET.registerDeviceMakerFee, true);
  for (const [i, o] of operators.entries()) await register(o, makers[i], 1, o.wallet, "maker attested offline, operator pays the fee (credits CPI)", BUDGET.registerDeviceMakerFee, true);

  for (const o of operators) {
    const [free, priced] = o.devices;
    rec.add(P, "assert_location", "free kind", await b.measure([await net.assertLocationIx(program, { network, authority: o.wallet.publicKey, deviceKey: free.publicKey, location: 7 })], [o.wallet]));
    rec.add(P, "assert_location", "priced kind (credits CPI)", await b.measure([await net.assertLocationIx(program, { network, authority: o.wallet.publicKey, deviceKey: priced.publicKey, location: 7, fee: fee(o.wallet.publicKey) })], [o.wallet]), { variant });
  }
  for (const o of operators) {
    const [free, priced] = o.devices;
    await b.send([await net.deactivateDeviceIx(program, { network, authority: o.wallet.publicKey, deviceKey: free.publicKey })], [o.wallet]);
    await b.send([await net.deactivateDeviceIx(program, { network, authority: o.wallet.publicKey, deviceKey: priced.publicKey })], [o.wallet]);
    rec.add(P, "reactivate_device", "free kind", await b.measure([await net.reactivateDeviceIx(program, { network, authority: o.wallet.publicKey, deviceKey: free.publicKey })], [o.wallet, free]));
    rec.add(P, "reactivate_device", "priced kind (credits CPI)", await b.measure([await net.reactivateDeviceIx(program, { network, authority: o.wallet.publicKey, deviceKey: priced.publicKey, fee: fee(o.wallet.publicKey) })], [o.wallet, priced]), { variant });
  }
  for (const m of makers) {
    rec.add(P, "revoke_maker", "approved maker", await b.measure([await net.revokeMakerIx(program, { ...gov, makerKey: m.publicKey })], [team]), { sys: { clock: true } });
  }
  return { burnFeeCpi };
}

// --- Credits -------------------------------------------------------------------------------------

const FEED_ID = Array.from(Buffer.alloc(32, 7));

interface CreditsWorld {
  network: PublicKey;
  tokenMint: PublicKey;
  dcMint: PublicKey;
  authority: Keypair;
  priceUpdate: PublicKey;
  params: cred.CreditsParams;
}

function writePrice(b: Bench, at: PublicKey): void {
  const data = encodePriceUpdateV2({ verification: "full", feedId: FEED_ID, price: 50_000_000, conf: 100_000, exponent: -8, publishTime: b.connection.unixTimestamp() });
  b.env.svm.setAccount({
    address: at.toBase58() as Address, data: new Uint8Array(data), executable: false, lamports: 2_000_000n as never,
    programAddress: PYTH_RECEIVER_PROGRAM_ID.toBase58() as Address, space: BigInt(PRICE_UPDATE_V2_LEN),
  });
}

const CREDITS_EPOCH = 3_600;

async function newCredits(b: Bench, program: CreditsProgram, rec: Recorder, mode: "fixed" | "oracle"): Promise<CreditsWorld> {
  const w = await newNetwork(b, networkProgram(b.provider), undefined, { epochSecs: CREDITS_EPOCH, oracles: 0, threshold: 0 });
  const dcMint = Keypair.generate();
  const priceUpdate = Keypair.generate().publicKey;
  const params: cred.CreditsParams = {
    priceMode: mode === "fixed" ? cred.PRICE_MODE_FIXED : cred.PRICE_MODE_ORACLE, creditsPerToken: new BN(100), usdPerCreditE8: cred.DEFAULT_USD_PER_CREDIT_E8,
    priceUpdate, feedId: FEED_ID, maxPriceAgeSecs: new BN(60), maxConfBps: 200, confKBps: 10_000, breakerWindowSecs: new BN(86_400), breakerMaxCredits: new BN("1000000000000000"),
  };
  await b.send(await cred.createDcMintInstructions(b.connection, b.payer.publicKey, dcMint, w.network), [dcMint]);
  const ix = await cred.initializeCreditsIx(program, { payer: b.payer.publicKey, authority: w.authority.publicKey, network: w.network, dcMint: dcMint.publicKey, tokenMint: w.mint }, params);
  rec.add("credits", "initialize_credits", "creates config", await b.measure([ix], [w.authority]), { sys: { clock: true } });
  return { network: w.network, tokenMint: w.mint, dcMint: dcMint.publicKey, authority: w.authority, priceUpdate, params };
}

export async function creditsScenarios(b: Bench, rec: Recorder, n: number): Promise<void> {
  const program = creditsProgram(b.provider);
  const P = "credits";
  const fixed = await newCredits(b, program, rec, "fixed");
  const oracle = await newCredits(b, program, rec, "oracle");
  for (let i = 2; i < n; i++) await newCredits(b, program, rec, i % 2 ? "oracle" : "fixed");

  const gov = { authority: fixed.authority.publicKey, network: fixed.network };
  for (let i = 0; i < n; i++) {
    rec.add(P, "update_credits_config", "authority", await b.measure([await cred.updateCreditsConfigIx(program, gov, { ...fixed.params, maxConfBps: 200 + i })], [fixed.authority]), { sys: { clock: true } });
    rec.add(P, "set_credits_paused", "pause", await b.measure([await cred.setCreditsPausedIx(program, gov, true)], [fixed.authority]));
    rec.add(P, "set_credits_paused", "resume", await b.measure([await cred.setCreditsPausedIx(program, gov, false)], [fixed.authority]));
  }

  // Customers with tokens and a DC account each.
  const customers = async (world: CreditsWorld, k: number) => {
    const out: { wallet: Keypair; source: PublicKey; dc: PublicKey }[] = [];
    const mintAuth = (await networkProgram(b.provider).account.network.fetch(world.network)).authority;
    void mintAuth;
    for (let i = 0; i < k; i++) {
      const wallet = Keypair.generate();
      await b.airdrop(wallet.publicKey);
      const source = await createAccount(b.connection, b.payer, world.tokenMint, wallet.publicKey, Keypair.generate());
      await mintTo(b.connection, b.payer, world.tokenMint, source, world.authority, 1_000_000_000_000n);
      await b.send(cred.createDcAccountInstructions(b.payer.publicKey, wallet.publicKey, world.dcMint, world.network), [wallet]);
      out.push({ wallet, source, dc: cred.dcAccountAddress(world.dcMint, wallet.publicKey) });
    }
    return out;
  };
  const burn = async (world: CreditsWorld, c: { wallet: Keypair; source: PublicKey; dc: PublicKey }, amount: number) =>
    cred.burnForCreditsIx(program, {
      owner: c.wallet.publicKey, network: world.network, tokenMint: world.tokenMint, source: c.source, dcMint: world.dcMint, recipient: c.dc,
      priceUpdate: world.priceUpdate, tokenProgram: TOKEN_PROGRAM_ID,
    }, new BN(amount), new BN(0));
  const spend = async (world: CreditsWorld, spender: Keypair, dc: PublicKey, amount: number, delegated = false) =>
    cred.spendCreditsIx(program, { spender: spender.publicKey, network: world.network, dcMint: world.dcMint, dcAccount: dc, delegated }, new BN(amount), hash32(amount));

  const fc = await customers(fixed, 3);
  const oc = await customers(oracle, 3);
  // Each round is a new credits epoch: the first burn resets the epoch's slot of the tally ring, later ones add to it.
  const rounds = Math.max(3, Math.ceil(n / 2));
  for (let r = 0; r < rounds; r++) {
    b.connection.warp(CREDITS_EPOCH);
    for (const [mode, world, cs] of [["fixed", fixed, fc], ["oracle", oracle, oc]] as const) {
      if (mode === "oracle") writePrice(b, world.priceUpdate);
      const budget = mode === "oracle" ? BUDGET.burnOracle : undefined;
      rec.add(P, "burn_for_credits", `${mode} price, first of epoch (resets ring slot)`, await b.measure([await burn(world, cs[0], 1_000_000_000)], [cs[0].wallet]), { sys: { clock: true }, budget });
      for (const c of cs.slice(1)) rec.add(P, "burn_for_credits", `${mode} price, later in epoch`, await b.measure([await burn(world, c, 1_000_000_000 + r)], [c.wallet]), { sys: { clock: true }, budget });
    }
    for (const c of fc) rec.add(P, "spend_credits", "holder, later in epoch", await b.measure([await spend(fixed, c.wallet, c.dc, 1_000 + r)], [c.wallet]), { sys: { clock: true }, budget: BUDGET.spend });
  }
  // First spend of an epoch with no burn yet: the spend resets the epoch's ring slot.
  for (let r = 0; r < Math.max(2, Math.ceil(n / 3)); r++) {
    b.connection.warp(CREDITS_EPOCH);
    rec.add(P, "spend_credits", "holder, first of epoch (resets ring slot)", await b.measure([await spend(fixed, fc[r % fc.length].wallet, fc[r % fc.length].dc, 500)], [fc[r % fc.length].wallet]), { sys: { clock: true }, budget: BUDGET.spend });
  }
  // Delegation: a provider spends for the customers.
  const providers = Array.from({ length: 2 }, () => Keypair.generate());
  for (const p of providers) await b.airdrop(p.publicKey);
  for (const c of fc) {
    for (const p of providers) {
      const ix = await cred.setDelegationIx(program, { holder: c.wallet.publicKey, network: fixed.network, dcAccount: c.dc, delegate: p.publicKey }, new BN(1_000_000));
      rec.add(P, "set_delegation", "new (creates delegation)", await b.measure([ix], [c.wallet]));
    }
    const ix = await cred.setDelegationIx(program, { holder: c.wallet.publicKey, network: fixed.network, dcAccount: c.dc, delegate: providers[0].publicKey }, new BN(2_000_000));
    rec.add(P, "set_delegation", "update allowance", await b.measure([ix], [c.wallet]));
  }
  for (let r = 0; r < 2; r++) {
    for (const c of fc) {
      rec.add(P, "spend_credits", "delegate, later in epoch", await b.measure([await spend(fixed, providers[0], c.dc, 700 + r, true)], [providers[0]]),
        { sys: { clock: true }, variant: { "token-2022:Burn": "token-2022:Burn(delegate)" }, budget: BUDGET.spend });
    }
  }
  for (const c of fc) {
    rec.add(P, "revoke_delegation", "closes delegation", await b.measure([await cred.revokeDelegationIx(program, { holder: c.wallet.publicKey, dcAccount: c.dc, delegate: providers[1].publicKey })], [c.wallet]));
  }
}

// --- Rewards -------------------------------------------------------------------------------------

const REWARDS_EPOCH = 86_400;

interface RewardsWorld extends NetworkWorld {
  genesis: number;
  nextEpoch: number;
  /** A customer burning for credits on this network (net emissions), when set up. */
  burner?: { wallet: Keypair; source: PublicKey; dc: PublicKey; dcMint: PublicKey };
  /** Epochs with burns (their ring slot is set). */
  burnEpochs: Set<number>;
}

async function newRewards(b: Bench, program: RewardsProgram, rec: Recorder, mode: rew.FundingModeValue, withCredits = false): Promise<RewardsWorld> {
  const w = await newNetwork(b, networkProgram(b.provider), undefined, { epochSecs: REWARDS_EPOCH, oracles: 3, threshold: 2 });
  const genesis = b.connection.unixTimestamp();
  let burner: RewardsWorld["burner"];
  if (withCredits) {
    // Credits on the same network (fixed price), and a customer holding tokens minted before the
    // mint authority moves to the rewards program.
    const dcMint = Keypair.generate();
    await b.send(await cred.createDcMintInstructions(b.connection, b.payer.publicKey, dcMint, w.network), [dcMint]);
    const params: cred.CreditsParams = {
      priceMode: cred.PRICE_MODE_FIXED, creditsPerToken: new BN(100), usdPerCreditE8: cred.DEFAULT_USD_PER_CREDIT_E8, priceUpdate: PublicKey.default, feedId: FEED_ID,
      maxPriceAgeSecs: new BN(60), maxConfBps: 200, confKBps: 10_000, breakerWindowSecs: new BN(86_400), breakerMaxCredits: new BN("1000000000000000"),
    };
    await b.send([await cred.initializeCreditsIx(creditsProgram(b.provider), { payer: b.payer.publicKey, authority: w.authority.publicKey, network: w.network, dcMint: dcMint.publicKey, tokenMint: w.mint }, params)], [w.authority]);
    const wallet = Keypair.generate();
    await b.airdrop(wallet.publicKey);
    const source = await createAccount(b.connection, b.payer, w.mint, wallet.publicKey, Keypair.generate());
    await mintTo(b.connection, b.payer, w.mint, source, w.authority, 1_000_000_000_000n);
    await b.send(cred.createDcAccountInstructions(b.payer.publicKey, wallet.publicKey, dcMint.publicKey, w.network), [wallet]);
    burner = { wallet, source, dc: cred.dcAccountAddress(dcMint.publicKey, wallet.publicKey), dcMint: dcMint.publicKey };
  }
  const p: rew.RewardsParams = {
    supplyCap: new BN("1000000000000000000"), operatorBps: 8_000, netEmissionCap: new BN(withCredits ? "1000000000000" : 0),
    schedule: [{ startTs: new BN(genesis), emissionPerEpoch: new BN("1000000000000") }],
  };
  const ixs = mode === rew.FundingMode.Mint ? [rew.handOverMintAuthority(w.mint, w.authority.publicKey, w.network)] : [];
  ixs.push(await rew.initializeRewards(program, { ...p, payer: b.payer.publicKey, authority: w.authority.publicKey, network: w.network, mint: w.mint, fundingMode: mode }));
  rec.add("rewards", "initialize_rewards", `${mode === rew.FundingMode.Mint ? "mint" : "vault"} mode (creates config + vault)`, await b.measure(ixs, [w.authority]), { sys: { clock: true } });
  if (mode === rew.FundingMode.Vault) await mintTo(b.connection, b.payer, w.mint, rewardsVaultPda(w.network), w.authority, 100_000_000_000_000n);
  return { ...w, genesis, nextEpoch: 0, burner, burnEpochs: new Set() };
}

/** The network's customer burns tokens now (added to its credits epoch's slot of the tally ring). */
async function burnNow(b: Bench, w: RewardsWorld): Promise<void> {
  if (!w.burner) return;
  const program = creditsProgram(b.provider);
  const epoch = epochAt(await fetchCreditsConfig(program, w.network), b.connection.unixTimestamp());
  const c = w.burner;
  await b.send([await cred.burnForCreditsIx(program, {
    owner: c.wallet.publicKey, network: w.network, tokenMint: w.mint, source: c.source, dcMint: c.dcMint, recipient: c.dc, priceUpdate: PublicKey.default, tokenProgram: TOKEN_PROGRAM_ID,
  }, new BN(5_000_000_000), new BN(0))], [c.wallet]);
  w.burnEpochs.add(epoch);
}

/** Publishes the next epoch's root: first vote (oracle 0) and the finalizing vote (oracle 1), both measured. */
async function publish(b: Bench, program: RewardsProgram, rec: Recorder | undefined, w: RewardsWorld, root: Buffer, total: bigint, leafCount: number, tag: string): Promise<number> {
  const epoch = w.nextEpoch++;
  b.connection.warpTo(w.genesis + (epoch + 1) * REWARDS_EPOCH + 1);
  for (const [i, label] of [[0, "first vote"], [1, "finalizing vote (threshold reached, funds epoch)"]] as const) {
    const oracle = w.oracles[i];
    const ix = await rew.submitEpochRoot(program, { oracle: oracle.publicKey, network: w.network, mint: w.mint, treasury: w.treasury, epoch, root, total, leafCount });
    const s = await b.measure([ix], [oracle]);
    const creates = s.cpis.some((c) => c.program === "system");
    const kase = i === 0 ? `${label} (${creates ? "creates votes account" : "votes account exists, after clear_epoch_votes"})` : label;
    const net = i === 1 && w.burner ? (w.burnEpochs.has(epoch - 1) ? ", net emission (re-mints last epoch's burns)" : ", no burns last epoch") : "";
    rec?.add("rewards", "submit_epoch_root", `${kase}, ${tag}${net}`, s, { sys: { clock: true }, budget: i === 1 ? BUDGET.finalize : undefined });
  }
  return epoch;
}

/** A valid proof of depth `d` for one leaf: random siblings, root folded from them. */
export function syntheticProof(network: PublicKey, leaf: RewardLeaf, d: number, rand: () => Buffer): { proof: Buffer[]; root: Buffer } {
  const proof = Array.from({ length: d }, rand);
  return { proof, root: rootOf(network, leaf, proof) };
}

export interface DepthRow { depth: number; computeUnits: number; txBytes: number; withAtaTxBytes?: number; laterComputeUnits?: number; laterTxBytes?: number }
/** A depth-20 claim paying `recipients` token accounts (0: no split, the operator's own). */
export interface RecipientRow { recipients: number; computeUnits: number; txBytes: number; withSetupTxBytes: number }

export async function rewardsScenarios(b: Bench, rec: Recorder, n: number, depths: number[]): Promise<{ byDepth: DepthRow[]; byRecipients: RecipientRow[] }> {
  const program = rewardsProgram(b.provider);
  const P = "rewards";
  const w = await newRewards(b, program, rec, rew.FundingMode.Mint, true);
  const side: RewardsWorld[] = [];
  for (let i = 1; i < n; i++) side.push(await newRewards(b, program, rec, i % 2 ? rew.FundingMode.Vault : rew.FundingMode.Mint));
  // Vault-mode finalization: epoch 0 of each vault-mode side network (a 1,000-leaf tree).
  for (const v of side) {
    const cfgMode = rew.fundingModeOf((await program.account.rewardsConfig.fetch(rewardsConfigPda(v.network))).fundingMode);
    if (cfgMode !== rew.FundingMode.Vault) continue;
    const t = buildTree(v.network, Array.from({ length: 1_000 }, (_, i) => ({ operator: Keypair.generate().publicKey, amount: BigInt(1_000 + i) })));
    await publish(b, program, rec, v, t.root, t.total, t.leafCount, "vault mode");
  }
  const cfg = (): rew.RewardsParams => ({ supplyCap: new BN("1000000000000000000"), operatorBps: 8_000, netEmissionCap: new BN("1000000000000"), schedule: [{ startTs: new BN(w.genesis), emissionPerEpoch: new BN("1000000000000") }] });
  for (let i = 0; i < n; i++) {
    rec.add(P, "update_rewards_config", "authority", await b.measure([await rew.updateRewardsConfig(program, w.authority.publicKey, w.network, { ...cfg(), operatorBps: 8_000 - i })], [w.authority]), { sys: { clock: true } });
    rec.add(P, "set_paused", "pause", await b.measure([await rew.setPaused(program, w.authority.publicKey, w.network, true)], [w.authority]));
    rec.add(P, "set_paused", "resume", await b.measure([await rew.setPaused(program, w.authority.publicKey, w.network, false)], [w.authority]));
  }

  // A realistic epoch tree: 1,000 operators (depth 10); ten of them claim across epochs.
  const wallets = Array.from({ length: 10 }, () => Keypair.generate());
  const others = Array.from({ length: 990 }, () => Keypair.generate().publicKey);
  const epochsOfClaims = Math.max(4, n);
  for (let e = 0; e < epochsOfClaims; e++) {
    const leaves: RewardLeaf[] = [...wallets.map((k) => k.publicKey), ...others].map((operator, i) => ({ operator, amount: BigInt((e + 1) * (1_000 + i)) }));
    const tree = buildTree(w.network, leaves);
    // A stray root first, cleared by the authority (oracles disagreed), then the real votes.
    if (e < n) {
      const stray = rew.submitEpochRoot(program, { oracle: w.oracles[2].publicKey, network: w.network, mint: w.mint, treasury: w.treasury, epoch: w.nextEpoch, root: Buffer.alloc(32, e + 1), total: 1n, leafCount: 1 });
      b.connection.warpTo(w.genesis + (w.nextEpoch + 1) * REWARDS_EPOCH + 1);
      await b.send([await stray], [w.oracles[2]]);
      rec.add(P, "clear_epoch_votes", "1 stray vote", await b.measure([await rew.clearEpochVotes(program, w.authority.publicKey, w.network, w.nextEpoch)], [w.authority]));
    }
    await publish(b, program, rec, w, tree.root, tree.total, tree.leafCount, "mint mode");
    // A customer burns in the epoch now running: the next finalization re-mints it (net emission).
    if (e % 2 === 0) await burnNow(b, w);
    for (const [i, k] of wallets.entries()) {
      const a = { payer: k.publicKey, operator: k.publicKey, network: w.network, mint: w.mint, cumulativeAmount: leaves[i].amount, proof: tree.proof(i) };
      if (e === 0) {
        // An operator's first claim: its token account and claim status are created first (the SDK
        // bundles them in the claim's transaction when they fit; measured here on their own).
        await b.airdrop(k.publicKey, 1);
        const setup = [createAssociatedTokenAccountIdempotentInstruction(k.publicKey, rew.operatorTokenAccount(w.mint, k.publicKey), k.publicKey, w.mint), await rew.initializeClaimStatus(program, a)];
        rec.add(P, "initialize_claim_status", "creates the status (before an operator's first claim)", await b.measure(setup, [k], 1, k));
      }
      const hash = { hashCu: LEAF_HASH + tree.depth * NODE_HASH, hashNote: `sha256 leaf + ${tree.depth} nodes` };
      const kase = e === 0 ? `first claim, depth ${tree.depth}` : `later claim, depth ${tree.depth}`;
      rec.add(P, "claim", kase, await b.measure([await rew.claim(program, a)], [], 0, k), { sys: { ...hash, pdaVerify: 1 } });
    }
  }

  const after = await program.account.rewardsConfig.fetch(rewardsConfigPda(w.network));
  process.stderr.write(`  rewards: net emitted ${after.totalNetEmitted.toString()} of ${after.totalEmitted.toString()} emitted, burn epochs ${[...w.burnEpochs].join(",")}\n`);
  // Claim CU against proof depth: one leaf per depth under random siblings, its root published.
  const byDepth: DepthRow[] = [];
  const { randomBytes } = await import("crypto");
  for (const d of depths) {
    const k = Keypair.generate();
    await b.airdrop(k.publicKey, 1);
    const first: RewardLeaf = { operator: k.publicKey, amount: 1_000n };
    const p1 = syntheticProof(w.network, first, d, () => randomBytes(32));
    await publish(b, program, undefined, w, p1.root, first.amount, 2 ** d, "");
    // What the SDK sends for a first claim (token account, claim status, claim) is sized; the set-up
    // goes first on its own, then the claim instruction alone is measured.
    const bundle = await rew.claimWithAccount(program, { payer: k.publicKey, operator: k.publicKey, network: w.network, mint: w.mint, cumulativeAmount: first.amount, proof: p1.proof }, false);
    const withAtaTxBytes = b.wireSize(bundle, k.publicKey);
    await b.send(bundle.slice(0, 2), [k]);
    const s1 = await b.measure([bundle[2]], [], 0, k);
    const hash = { hashCu: LEAF_HASH + d * NODE_HASH, hashNote: `sha256 leaf + ${d} nodes` };
    const row: (typeof byDepth)[number] = { depth: d, computeUnits: s1.cu, txBytes: s1.txBytes, withAtaTxBytes };
    if (d === 20 || d === 24) rec.add(P, "claim", `first claim, depth ${d}`, s1, { sys: { ...hash, pdaVerify: 1 }, budget: d === 20 ? BUDGET.claimDepth20 : undefined });
    // The same operator's next claim (status exists), plain claim instruction.
    const later: RewardLeaf = { operator: k.publicKey, amount: 2_000n };
    const p2 = syntheticProof(w.network, later, d, () => randomBytes(32));
    await publish(b, program, undefined, w, p2.root, later.amount, 2 ** d, "");
    const s2 = await b.measure([await rew.claim(program, { payer: k.publicKey, operator: k.publicKey, network: w.network, mint: w.mint, cumulativeAmount: later.amount, proof: p2.proof })], [], 0, k);
    row.laterComputeUnits = s2.cu;
    row.laterTxBytes = s2.txBytes;
    if (d === 20 || d === 24) rec.add(P, "claim", `later claim, depth ${d}`, s2, { sys: { ...hash, pdaVerify: 1 }, budget: d === 20 ? BUDGET.claimDepth20 : undefined });
    if (!byDepth.some((r) => r.depth === d)) byDepth.push(row);
    else byDepth.push({ ...row, repeat: true } as DepthRow);
  }

  // Root activation delay: finalized roots wait (vetoable) before claims use them. Depth-20 claims
  // while a root is pending (the clock is read, the active root used) and the claim that makes a
  // matured root active; the authority's veto.
  const DELAY = 600;
  for (let i = 0; i < n; i++) {
    const s = await b.measure([await rew.setRootActivationDelay(program, w.authority.publicKey, w.network, DELAY - i)], [w.authority]);
    rec.add(P, "set_root_activation_delay", "authority", s);
  }
  const { randomBytes: rand } = await import("crypto");
  for (let i = 0; i < n; i++) {
    // Two real leaves side by side in a depth-20 tree: each one's first sibling is the other's leaf.
    const [x, y] = [Keypair.generate(), Keypair.generate()];
    for (const k of [x, y]) {
      await b.airdrop(k.publicKey, 1);
      await b.send([createAssociatedTokenAccountIdempotentInstruction(k.publicKey, rew.operatorTokenAccount(w.mint, k.publicKey), k.publicKey, w.mint),
        await rew.initializeClaimStatus(program, { payer: k.publicKey, operator: k.publicKey, network: w.network })], [k]);
    }
    const upper = Array.from({ length: 19 }, () => rand(32));
    const px = [leafHash(w.network, y.publicKey, 500n), ...upper];
    const py = [leafHash(w.network, x.publicKey, 1_000n), ...upper];
    const root = rootOf(w.network, { operator: x.publicKey, amount: 1_000n }, px);
    const hash = { hashCu: LEAF_HASH + 20 * NODE_HASH, hashNote: "sha256 leaf + 20 nodes" };
    await publish(b, program, undefined, w, root, 1_500n, 2 ** 20, "");
    b.connection.warp(DELAY);
    const claimOf = async (k: Keypair, amount: bigint, proof: Buffer[]) =>
      rew.claim(program, { payer: k.publicKey, operator: k.publicKey, network: w.network, mint: w.mint, cumulativeAmount: amount, proof });
    rec.add(P, "claim", "delay on, activates the matured root, depth 20", await b.measure([await claimOf(x, 1_000n, px)], [], 0, x), { sys: { ...hash, pdaVerify: 1, clock: true }, budget: BUDGET.claimDepth20 });
    const next = syntheticProof(w.network, { operator: x.publicKey, amount: 2_000n }, 20, () => rand(32));
    await publish(b, program, undefined, w, next.root, 2_500n, 2 ** 20, "");
    rec.add(P, "claim", "delay on, a root pending (claims the active one), depth 20", await b.measure([await claimOf(y, 500n, py)], [], 0, y), { sys: { ...hash, pdaVerify: 1, clock: true }, budget: BUDGET.claimDepth20 });
    rec.add(P, "veto_pending_root", "authority, root pending", await b.measure([await rew.vetoPendingRoot(program, w.authority.publicKey, w.network)], [w.authority]), { sys: { clock: true } });
  }
  // The delay back to 0: the split claims below are measured without the clock read.
  await b.send([await rew.setRootActivationDelay(program, w.authority.publicKey, w.network, 0)], [w.authority]);
  b.connection.warp(DELAY);

  // Reward splits: set_reward_split (creates the split account, then replaces it),
  // clear_reward_split, and depth-20 claims paying 0 (no split: the operator's own account) to 4
  // recipients, each recipient after the first with 1,000 bps.
  const byRecipients: RecipientRow[] = [];
  const shares = (m: number) => Array.from({ length: m }, (_, j) => (j === 0 ? 10_000 - 1_000 * (m - 1) : 1_000));
  const claimHash = { hashCu: LEAF_HASH + 20 * NODE_HASH, hashNote: "sha256 leaf + 20 nodes" };
  for (let m = 0; m <= rew.MAX_SPLIT_RECIPIENTS; m++) {
    const cus: number[] = [];
    let txBytes = 0, withSetupTxBytes = 0;
    for (let i = 0; i < n; i++) {
      const k = Keypair.generate();
      await b.airdrop(k.publicKey, 1);
      const wallets = m === 0 ? [k.publicKey] : Array.from({ length: m }, () => Keypair.generate().publicKey);
      const split = m === 0 ? null : { recipients: wallets.map((wallet, j) => ({ wallet, bps: shares(m)[j] })) };
      await b.send([await rew.initializeClaimStatus(program, { payer: k.publicKey, operator: k.publicKey, network: w.network })], [k]);
      if (split) {
        const setIx = () => rew.setRewardSplit(program, { operator: k.publicKey, payer: k.publicKey, network: w.network, recipients: split.recipients });
        rec.add(P, "set_reward_split", `creates the split account, ${m} recipient${m > 1 ? "s" : ""}`, await b.measure([await setIx()], [k], 0, k), { sys: { pdaVerify: 1 } });
        rec.add(P, "set_reward_split", `replaces the split, ${m} recipient${m > 1 ? "s" : ""}`, await b.measure([await setIx()], [k], 0, k), { sys: { pdaVerify: 1 } });
      }
      const leaf: RewardLeaf = { operator: k.publicKey, amount: 1_000_003n };
      const p = syntheticProof(w.network, leaf, 20, () => randomBytes(32));
      await publish(b, program, undefined, w, p.root, leaf.amount, 2 ** 20, "");
      const args = { payer: k.publicKey, operator: k.publicKey, network: w.network, mint: w.mint, cumulativeAmount: leaf.amount, proof: p.proof, split };
      // What the SDK sends when every recipient's token account is still missing (sized, not sent).
      const bundle = await rew.claimWithAccount(program, args, split ? { statusExists: true, split, missingRecipientTokens: wallets.map(() => true) } : true);
      withSetupTxBytes = Math.max(withSetupTxBytes, b.wireSize(bundle, k.publicKey));
      await b.send(wallets.map((wallet) => createAssociatedTokenAccountIdempotentInstruction(k.publicKey, rew.operatorTokenAccount(w.mint, wallet), wallet, w.mint)), [k]);
      const s = await b.measure([await rew.claim(program, args)], [], 0, k);
      cus.push(s.cu);
      txBytes = Math.max(txBytes, s.txBytes);
      if (m === 1) rec.add(P, "claim", "a destination (split to 1 recipient), depth 20", s, { sys: { ...claimHash, pdaVerify: 1 }, budget: BUDGET.claimDepth20 });
      if (m > 1) rec.add(P, "claim", `depth 20, split to ${m} recipients`, s, { sys: { ...claimHash, pdaVerify: 1 } });
      if (split) rec.add(P, "clear_reward_split", "closes the split account", await b.measure([await rew.clearRewardSplit(program, { operator: k.publicKey, network: w.network })], [k], 0, k), { sys: { pdaVerify: 1 } });
    }
    const sorted = [...cus].sort((a, c) => a - c);
    byRecipients.push({ recipients: m, computeUnits: sorted[Math.floor((sorted.length - 1) / 2)], txBytes, withSetupTxBytes });
  }
  return { byDepth, byRecipients };
}
