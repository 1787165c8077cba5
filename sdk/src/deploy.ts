// Deploying a network from its config file (`npm run deploy`, `groundwork network deploy` and
// `groundwork network create --file` all come here): one config format, one parser. Creates and
// configures a network on the provider's cluster. Idempotent: when the network already exists, the on-chain parameters, oracle set,
// credits and rewards configuration are compared with the file and only the differences are sent
// (`update_params`, `set_oracles`, `update_credits_config`, `update_rewards_config`); a network that
// matches its file gets no transaction at all ("up to date").
//
// The provider's wallet is the network's authority and pays for everything. See deploy/README.md
// for the config format.
import * as fs from "fs";
import * as path from "path";
import BN from "bn.js";
import { AnchorProvider } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
} from "@solana/spl-token";
import { Groundwork } from "./groundwork";
import { assertDeployableProgramIds } from "./ids";
import { CreditsSetup, NetworkConfig, RewardsSetup, creditsParams, rewardsParams } from "./clients/team";
import { NetworkAccount, pendingGovernance } from "./network/accounts";
import { SLASH_DESTINATION } from "./network/instructions";
import * as cred from "./credits/instructions";
import * as rew from "./rewards/instructions";
import { CreditsConfigAccount } from "./credits/accounts";
import { chainUnixTime, RewardsConfigAccount } from "./rewards/accounts";
import { networkPda } from "./network/pda";
import { creditsConfigPda } from "./credits/pda";
import { rewardsConfigPda } from "./rewards/pda";
import { SendOptions, SentTransaction } from "./tx";
import { priceModeOf } from "./credits/instructions";
import { slashDestinationOf } from "./network/instructions";
import { fundingModeOf } from "./rewards/instructions";

/** `network create` found the network already there. */
export class NetworkAlreadyExistsError extends Error {
  constructor(readonly network: PublicKey) {
    super(`network ${network.toBase58()} already exists`);
    this.name = "NetworkAlreadyExistsError";
  }
}

/** A token mint the deploy creates when it does not exist yet (authority: the deploying wallet). */
export interface MintToCreate {
  /** The mint's keypair; its address is the mint's (and so fixes the network's address). */
  keypair: Keypair;
  decimals: number;
  /** Minted to the authority's associated account when the mint is created (before any handover). */
  initialSupply: bigint;
}

/** What `deploy` sets up: a network config whose mint is an address or a mint to create. */
export interface DeployConfig extends Omit<NetworkConfig, "mint"> {
  mint: PublicKey | MintToCreate;
  /** Who created the network (part of its address); default: the deploying wallet. Set it when the
   * network was handed over to a new authority after its creation. */
  creator?: PublicKey;
}

/** One difference between the file and the chain, and what fixes it. */
export interface DeployChange {
  /** update_params, set_oracles, update_credits_config, update_rewards_config, create_mint, create_network, initialize_credits, initialize_rewards. */
  action: string;
  /** Human-readable "field: old → new" lines. */
  details: string[];
}

export interface DeployResult {
  network: PublicKey;
  mint: PublicKey;
  /** What was (or, in a dry run, would be) done, in order; empty when up to date. */
  changes: DeployChange[];
  transactions: SentTransaction[];
}

export interface DeployOptions {
  /** Compute and report the changes without sending anything. */
  dryRun?: boolean;
  log?: (line: string) => void;
  /** The network authority, when it is not the provider's wallet (which then only pays fees). */
  authority?: Keypair;
  /** How transactions are sent (commitment, compute budget). */
  sendOptions?: SendOptions;
  /** Fail if the network exists already (`groundwork network create`), instead of updating it. */
  mustCreate?: boolean;
  /**
   * Called before the mint authority is handed to the rewards program (rewards `"mint"` mode),
   * with what that means; it throws to stop. Not called in a dry run. Without it the handover
   * goes ahead (the SDK's callers decided already).
   */
  confirmMintHandover?: (explanation: string) => Promise<void>;
}

/** What handing the mint authority to the rewards program means, for a confirmation prompt. */
export function mintHandoverExplanation(mint: PublicKey, authority: PublicKey, network: PublicKey): string {
  return [
    `Rewards "mint" mode hands the mint authority of ${mint.toBase58()} from ${authority.toBase58()} to the rewards program`,
    `(a PDA of network ${network.toBase58()}). After this, nobody can mint this token by hand, including you: the rewards`,
    `program mints each epoch's emission, up to the supply cap in the config, and there is no instruction to give the authority back.`,
  ].join("\n");
}

type Amount = BN | number | bigint;
const str = (v: Amount | undefined) => (v === undefined ? "undefined" : v.toString());
const keys = (ks: PublicKey[]) => ks.map((k) => k.toBase58());

export function isMintToCreate(m: DeployConfig["mint"]): m is MintToCreate {
  return !(m instanceof PublicKey);
}

/**
 * Creates the network of `config` if it does not exist, otherwise brings its on-chain
 * configuration in line with `config`, sending only what differs. The provider's wallet is the
 * authority and the fee payer. Refuses a non-local cluster while the programs' ids are the
 * committed localnet-only ones of keys/ ({@link LocalnetProgramIdsError}), before reading anything.
 */
export async function deploy(provider: AnchorProvider, config: DeployConfig, options: DeployOptions = {}): Promise<DeployResult> {
  const log = options.log ?? (() => undefined);
  const gw = Groundwork.connect(provider, options.sendOptions);
  assertDeployableProgramIds(provider.connection.rpcEndpoint, [
    { name: "groundwork_network", programId: gw.ctx.network.programId },
    { name: "groundwork_credits", programId: gw.ctx.credits.programId },
    { name: "groundwork_rewards", programId: gw.ctx.rewards.programId },
  ]);
  const authority = options.authority?.publicKey ?? provider.wallet.publicKey;
  const authoritySigners = options.authority ? [options.authority] : [];
  const connection = provider.connection;
  const changes: DeployChange[] = [];
  const transactions: SentTransaction[] = [];
  const apply = async (change: DeployChange, send: () => Promise<SentTransaction | SentTransaction[]>) => {
    changes.push(change);
    log(`${options.dryRun ? "would " : ""}${change.action}`);
    for (const d of change.details) log(`    ${d}`);
    if (options.dryRun) return;
    const sent = await send();
    transactions.push(...(Array.isArray(sent) ? sent : [sent]));
  };

  // --- The mint -------------------------------------------------------------------------------
  const mint = isMintToCreate(config.mint) ? config.mint.keypair.publicKey : config.mint;
  // Ask before anything is sent when this run would hand the mint authority over (a new network
  // or new rewards config in "mint" mode).
  const mintMode = config.rewards?.fundingMode === "mint";
  if (mintMode && !options.dryRun && options.confirmMintHandover) {
    const target = networkPda(mint, config.creator ?? authority);
    const rewardsExists = await gw.ctx.rewards.account.rewardsConfig.fetchNullable(rewardsConfigPda(target));
    if (!rewardsExists) await options.confirmMintHandover(mintHandoverExplanation(mint, authority, target));
  }
  if (isMintToCreate(config.mint) && !(await connection.getAccountInfo(mint))) {
    const m = config.mint;
    const ata = getAssociatedTokenAddressSync(mint, authority, true);
    const ixs: TransactionInstruction[] = [
      SystemProgram.createAccount({ fromPubkey: gw.ctx.payer, newAccountPubkey: mint, space: MINT_SIZE, lamports: await connection.getMinimumBalanceForRentExemption(MINT_SIZE), programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(mint, m.decimals, authority, null),
    ];
    if (m.initialSupply > 0n) ixs.push(createAssociatedTokenAccountIdempotentInstruction(gw.ctx.payer, ata, authority, mint), createMintToInstruction(mint, ata, authority, m.initialSupply));
    await apply({ action: "create_mint", details: [`mint ${mint.toBase58()}, ${m.decimals} decimals, mint authority ${authority.toBase58()}`, ...(m.initialSupply > 0n ? [`initial supply ${m.initialSupply} to ${ata.toBase58()}`] : [])] },
      () => gw.ctx.send(ixs, [m.keypair, ...authoritySigners]));
  }
  const networkConfig: NetworkConfig = { ...config, mint };
  // A network's address is its mint and its creator: the file's `creator`, or this signer.
  const network = networkPda(mint, config.creator ?? authority);

  // --- A new network: create everything in one flow --------------------------------------------
  const existing = await gw.ctx.network.account.network.fetchNullable(network);
  if (!existing) {
    const parts = ["network", config.credits ? "credits" : "", config.rewards ? `rewards (${config.rewards.fundingMode} mode)` : ""].filter(Boolean);
    await apply({ action: "create_network", details: [`${network.toBase58()} for mint ${mint.toBase58()}: ${parts.join(", ")}`] },
      async () => (await gw.team(options.authority).createNetwork(networkConfig)).transactions);
    return { network, mint, changes, transactions };
  }
  if (options.mustCreate) throw new NetworkAlreadyExistsError(network);

  // --- An existing network: read everything, check what cannot change, then send the differences.
  // Queued governance changes whose timelock has passed apply first (anyone may apply them).
  let existingNet = existing;
  const pendingNow = pendingGovernance(existingNet, await chainUnixTime(gw.ctx.network.provider.connection));
  if ([pendingNow.params, pendingNow.oracles, pendingNow.treasury].some((q) => q?.due)) {
    await apply({ action: "apply_governance", details: ["queued changes whose timelock has passed"] }, () => gw.applyGovernance(network));
    if (!options.dryRun) existingNet = await gw.ctx.network.account.network.fetch(network);
  }
  const creditsOnChain = await gw.ctx.credits.account.creditsConfig.fetchNullable(creditsConfigPda(network));
  const rewardsOnChain = await gw.ctx.rewards.account.rewardsConfig.fetchNullable(rewardsConfigPda(network));
  const immutable = immutableMismatches(existingNet, networkConfig, rewardsOnChain);
  if (immutable.length) throw new Error(`network ${network.toBase58()} exists and these cannot change: ${immutable.join("; ")}`);

  // A change the file asks for that is already queued is not sent again (that would restart its timelock).
  const queued = pendingGovernance(existingNet, 0);
  const params = paramsDiff(existingNet, networkConfig);
  const paramsQueued = params.length > 0 && queued.params !== null && paramsDiff(queuedNetwork(existingNet), networkConfig).length === 0;
  const oracles = oraclesDiff(existingNet, networkConfig);
  const oraclesQueued = oracles.length > 0 && queued.oracles !== null && oraclesDiff({ ...existingNet, oracles: queued.oracles.value.oracles, oracleCount: queued.oracles.value.oracles.length, oracleThreshold: queued.oracles.value.threshold }, networkConfig).length === 0;
  const treasuryChange = config.treasury && !existingNet.treasury.equals(config.treasury) ? config.treasury : null;
  const treasuryQueued = treasuryChange !== null && queued.treasury !== null && queued.treasury.value.equals(treasuryChange);
  const at = (eta: number | undefined) => new Date((eta ?? 0) * 1000).toISOString();
  if (paramsQueued) log(`update_params is queued behind the governance timelock until ${at(queued.params?.eta)}: ${params.join("; ")}`);
  if (oraclesQueued) log(`set_oracles is queued behind the governance timelock until ${at(queued.oracles?.eta)}: ${oracles.join("; ")}`);
  if (treasuryQueued) log(`set_treasury is queued behind the governance timelock until ${at(queued.treasury?.eta)}`);
  const credits = config.credits && creditsOnChain ? creditsDiff(creditsOnChain, config.credits) : [];
  const rewards = config.rewards && rewardsOnChain ? rewardsDiff(rewardsOnChain, config.rewards) : [];
  const delay = config.rewards && rewardsOnChain ? rootDelayDiff(rewardsOnChain, config.rewards) : [];
  const needsWrite = (paramsQueued ? 0 : params.length) + (oraclesQueued ? 0 : oracles.length) + credits.length + rewards.length + delay.length > 0 || (treasuryChange && !treasuryQueued) || (config.credits && !creditsOnChain) || (config.rewards && !rewardsOnChain);
  if (needsWrite && !existingNet.authority.equals(authority)) {
    throw new Error(`network ${network.toBase58()} differs from the file, but its authority is ${existingNet.authority.toBase58()}, not the signer ${authority.toBase58()}`);
  }
  const team = gw.team(options.authority);
  // A change that weakens operators' protection is queued by the program (the timelock); the
  // first deploy after it is due applies it.
  if (params.length && !paramsQueued) {
    await apply({ action: "update_params", details: params }, () => team.updateParams(network, {
      stakePerDevice: config.stakePerDevice, minOperatorStake: config.minOperatorStake, unbondingSecs: config.unbondingSecs,
      slashDisputeWindowSecs: config.slashDisputeWindowSecs, maxSlashBps: config.maxSlashBps, slashDestination: SLASH_DESTINATION[config.slashDestination],
    }));
  }
  if (oracles.length && !oraclesQueued) await apply({ action: "set_oracles", details: oracles }, () => team.setOracles(network, config.oracles, config.oracleThreshold));
  if (treasuryChange && !treasuryQueued) {
    await apply({ action: "set_treasury", details: [`treasury: ${existingNet.treasury.toBase58()} → ${treasuryChange.toBase58()} (queued behind the governance timelock)`] }, () => team.setTreasury(network, treasuryChange));
  }

  if (config.credits && !creditsOnChain) {
    const c = config.credits;
    const dcMint = Keypair.generate();
    await apply({ action: "initialize_credits", details: [`${c.mode} price, new DC mint ${dcMint.publicKey.toBase58()}`] }, async () => gw.ctx.send([
      ...(await cred.createDcMintInstructions(connection, gw.ctx.payer, dcMint, network)),
      await cred.initializeCreditsIx(gw.ctx.credits, { payer: gw.ctx.payer, authority, network, dcMint: dcMint.publicKey, tokenMint: mint }, creditsParams(c)),
    ], [dcMint, ...authoritySigners]));
  } else if (credits.length) {
    await apply({ action: "update_credits_config", details: credits }, () => team.updateCredits(network, config.credits!));
  } else if (!config.credits && creditsOnChain) {
    log("credits: configured on chain but not in the file; left as is");
  }

  if (config.rewards && !rewardsOnChain) {
    const r = config.rewards;
    const mode = r.fundingMode === "mint" ? rew.FundingMode.Mint : rew.FundingMode.Vault;
    await apply({ action: "initialize_rewards", details: [`${r.fundingMode} mode, ${r.schedule.length} schedule entries${mode === rew.FundingMode.Mint ? "; hands the mint authority to the rewards program" : ""}`] },
      async () => gw.ctx.send([
        ...(mode === rew.FundingMode.Mint ? [rew.handOverMintAuthority(mint, authority, network)] : []),
        await rew.initializeRewards(gw.ctx.rewards, { ...rewardsParams(r), payer: gw.ctx.payer, authority, network, mint, fundingMode: mode }),
        ...(r.rootActivationDelaySecs ? [await rew.setRootActivationDelay(gw.ctx.rewards, authority, network, new BN(r.rootActivationDelaySecs.toString()))] : []),
      ], authoritySigners));
  } else if (rewards.length) {
    await apply({ action: "update_rewards_config", details: rewards }, () => team.updateRewards(network, config.rewards!));
  } else if (!config.rewards && rewardsOnChain) {
    log("rewards: configured on chain but not in the file; left as is");
  }
  if (delay.length) {
    await apply({ action: "set_root_activation_delay", details: delay }, () => team.setRootActivationDelay(network, config.rewards!.rootActivationDelaySecs ?? 0));
  }
  return { network, mint, changes, transactions };
}

function immutableMismatches(n: NetworkAccount, c: NetworkConfig, rewards: RewardsConfigAccount | null): string[] {
  const out: string[] = [];
  if (str(n.epochLengthSecs) !== str(c.epochLengthSecs)) out.push(`epochLengthSecs is ${n.epochLengthSecs}, the file says ${str(c.epochLengthSecs)}`);
  if (rewards && c.rewards) {
    const onChain = fundingModeOf(rewards.fundingMode);
    if (onChain !== c.rewards.fundingMode) out.push(`rewards fundingMode is ${onChain}, the file says ${c.rewards.fundingMode}`);
  }
  return out;
}

/** "field: chain → file" for each differing value. */
function diffFields(pairs: [string, unknown, unknown][]): string[] {
  return pairs.filter(([, a, b]) => String(a) !== String(b)).map(([k, a, b]) => `${k}: ${String(a)} → ${String(b)}`);
}

/** The network as it will be once its queued params change applies. */
function queuedNetwork(n: NetworkAccount): NetworkAccount {
  return {
    ...n, stakePerDevice: n.pendingStakePerDevice, minOperatorStake: n.pendingMinOperatorStake, unbondingSecs: n.pendingUnbondingSecs,
    slashDisputeWindowSecs: n.pendingSlashDisputeWindowSecs, maxSlashBps: n.pendingMaxSlashBps, slashDestination: n.pendingSlashDestination,
  };
}

function paramsDiff(n: NetworkAccount, c: NetworkConfig): string[] {
  return diffFields([
    ["stakePerDevice", str(n.stakePerDevice), str(c.stakePerDevice)],
    ["minOperatorStake", str(n.minOperatorStake), str(c.minOperatorStake)],
    ["unbondingSecs", str(n.unbondingSecs), str(c.unbondingSecs)],
    ["slashDisputeWindowSecs", str(n.slashDisputeWindowSecs), str(c.slashDisputeWindowSecs)],
    ["maxSlashBps", n.maxSlashBps, c.maxSlashBps],
    ["slashDestination", slashDestinationOf(n.slashDestination), c.slashDestination],
  ]);
}

/** The oracle set is compared as a set (order does not matter), plus the threshold. */
function oraclesDiff(n: NetworkAccount, c: NetworkConfig): string[] {
  const onChain = keys(n.oracles.slice(0, n.oracleCount)).sort();
  const wanted = keys(c.oracles).sort();
  const out: string[] = [];
  const added = wanted.filter((k) => !onChain.includes(k));
  const removed = onChain.filter((k) => !wanted.includes(k));
  if (added.length) out.push(`add oracles: ${added.join(", ")}`);
  if (removed.length) out.push(`remove oracles: ${removed.join(", ")}`);
  if (out.length || wanted.length !== onChain.length || n.oracleThreshold !== c.oracleThreshold) out.push(`threshold: ${n.oracleThreshold} of ${onChain.length} → ${c.oracleThreshold} of ${wanted.length}`);
  return out;
}

function creditsDiff(onChain: CreditsConfigAccount, c: CreditsSetup): string[] {
  const p = creditsParams(c);
  return diffFields([
    ["mode", priceModeOf(onChain.priceMode), c.mode],
    ["creditsPerToken", str(onChain.creditsPerToken), str(p.creditsPerToken)],
    ["usdPerCreditE8", str(onChain.usdPerCreditE8), str(p.usdPerCreditE8)],
    ["priceUpdate", onChain.priceUpdate.toBase58(), p.priceUpdate.toBase58()],
    ["feedId", Buffer.from(onChain.feedId).toString("hex"), Buffer.from(p.feedId).toString("hex")],
    ["maxPriceAgeSecs", str(onChain.maxPriceAgeSecs), str(p.maxPriceAgeSecs)],
    ["maxConfBps", onChain.maxConfBps, p.maxConfBps],
    ["confKBps", onChain.confKBps, p.confKBps],
    ["breakerWindowSecs", str(onChain.breakerWindowSecs), str(p.breakerWindowSecs)],
    ["breakerMaxCredits", str(onChain.breakerMaxCredits), str(p.breakerMaxCredits)],
  ]);
}

function rewardsDiff(onChain: RewardsConfigAccount, r: RewardsSetup): string[] {
  const p = rewardsParams(r);
  const schedule = (entries: { startTs: string; emission: string }[]) => entries.map((e) => `${e.startTs}:${e.emission}`).join(", ");
  const chainSchedule = Array.from({ length: onChain.scheduleLen }, (_, i) => ({ startTs: str(onChain.scheduleStartTs[i]), emission: str(onChain.scheduleEmission[i]) }));
  const fileSchedule = p.schedule.map((e) => ({ startTs: str(e.startTs), emission: str(e.emissionPerEpoch) }));
  return diffFields([
    ["supplyCap", str(onChain.supplyCap), str(p.supplyCap)],
    ["operatorBps", onChain.operatorBps, p.operatorBps],
    ["netEmissionCap", str(onChain.netEmissionCap), str(p.netEmissionCap)],
    ["schedule (startTs:emissionPerEpoch)", schedule(chainSchedule), schedule(fileSchedule)],
  ]);
}

/** The root activation delay, when the file names one (absent: left as it is on chain). */
function rootDelayDiff(onChain: RewardsConfigAccount, r: RewardsSetup): string[] {
  if (r.rootActivationDelaySecs === undefined) return [];
  return diffFields([["rootActivationDelaySecs", str(onChain.rootActivationDelaySecs), str(r.rootActivationDelaySecs)]]);
}

// --- The config file ----------------------------------------------------------------------------

/** A config file that cannot be used: names the field and what is wrong with it. */
export class NetworkConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NetworkConfigError";
  }
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const TOP_FIELDS = ["mint", "creator", "treasury", "epochLengthSecs", "stakePerDevice", "minOperatorStake", "unbondingSecs", "slashDisputeWindowSecs", "maxSlashBps", "slashDestination", "oracles", "oracleThreshold", "credits", "rewards"];
const MINT_FIELDS = ["keypair", "decimals", "initialSupply"];
const CREDITS_FIELDS = ["mode", "creditsPerToken", "usdPerCreditE8", "priceUpdate", "feedId", "maxPriceAgeSecs", "maxConfBps", "confKBps", "breakerWindowSecs", "breakerMaxCredits"];
const REWARDS_FIELDS = ["fundingMode", "schedule", "supplyCap", "operatorBps", "netEmissionCap", "rootActivationDelaySecs"];
const SCHEDULE_FIELDS = ["startTs", "emissionPerEpoch"];

/** Reads and checks a deploy config file; relative keypair paths are relative to the file. */
export function loadDeployConfig(file: string): DeployConfig {
  if (!fs.existsSync(file)) throw new NetworkConfigError(`config file not found: ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new NetworkConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new NetworkConfigError(`config file ${file} must hold a JSON object`);
  return parseDeployConfig(raw as Record<string, unknown>, path.dirname(path.resolve(file)));
}

/**
 * Checks a parsed config object: every field known, every number a whole number in its type's
 * range (u64, i64, u8, u16, basis points), every key base58. `baseDir` resolves relative keypair
 * paths.
 */
export function parseDeployConfig(raw: Record<string, unknown>, baseDir: string): DeployConfig {
  const where = (field: string) => `config field "${field}"`;
  const fail = (message: string): never => {
    throw new NetworkConfigError(message);
  };
  const known = (o: Record<string, unknown>, fields: string[], prefix = "") => {
    for (const f of Object.keys(o)) if (!fields.includes(f)) fail(`${where(prefix + f)} is not a known field (known: ${fields.join(", ")})`);
  };
  const has = (o: Record<string, unknown>, f: string, prefix = "") => {
    if (o[f] === undefined || o[f] === null) fail(`${where(prefix + f)} is missing`);
    return o[f];
  };
  const uint = (o: Record<string, unknown>, f: string, prefix = "", max = U64_MAX, min = 0n): bigint => {
    const v = has(o, f, prefix);
    const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : typeof v === "string" ? v.trim() : "";
    if (typeof v === "number" && !Number.isSafeInteger(v) && Number.isInteger(v)) fail(`${where(prefix + f)} is above 2^53 and lost precision in JSON: write it as a decimal string, e.g. "${BigInt(v)}"`);
    if (/^-/.test(text)) fail(`${where(prefix + f)} must not be negative: ${JSON.stringify(v)}`);
    if (!/^\d+$/.test(text)) fail(`${where(prefix + f)} must be a whole number (a decimal string for values above 2^53): ${JSON.stringify(v)}`);
    const n = BigInt(text);
    if (n > max) fail(`${where(prefix + f)} is too large: ${text} (at most ${max})`);
    if (n < min) fail(`${where(prefix + f)} must be at least ${min}: ${text}`);
    return n;
  };
  const small = (o: Record<string, unknown>, f: string, prefix: string, max: number, min = 0) => Number(uint(o, f, prefix, BigInt(max), BigInt(min)));
  const pubkey = (v: unknown, f: string) => {
    try {
      return new PublicKey(String(v));
    } catch {
      return fail(`${where(f)} is not a base58 public key: ${JSON.stringify(v)}`);
    }
  };
  const oneOf = <T extends string>(o: Record<string, unknown>, f: string, options: readonly T[], prefix = ""): T => {
    const v = has(o, f, prefix);
    if (!options.includes(v as T)) fail(`${where(prefix + f)} must be one of ${options.join(", ")}: ${JSON.stringify(v)}`);
    return v as T;
  };
  const object = (v: unknown, f: string): Record<string, unknown> => {
    if (!v || typeof v !== "object" || Array.isArray(v)) fail(`${where(f)} must be an object`);
    return v as Record<string, unknown>;
  };
  const optional = <T>(o: Record<string, unknown>, f: string, read: () => T): T | undefined => (o[f] === undefined ? undefined : read());
  known(raw, TOP_FIELDS);

  let mint: DeployConfig["mint"];
  const m = has(raw, "mint");
  if (typeof m === "string") mint = pubkey(m, "mint");
  else if (m && typeof m === "object" && !Array.isArray(m)) {
    const mo = m as Record<string, unknown>;
    known(mo, MINT_FIELDS, "mint.");
    const file = path.resolve(baseDir, String(has(mo, "keypair", "mint.")));
    if (!fs.existsSync(file)) fail(`${where("mint.keypair")}: ${file} not found (create one with \`groundwork wallet new --outfile ${file}\`)`);
    let keypair: Keypair;
    try {
      keypair = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(file, "utf8")) as number[]));
    } catch {
      return fail(`${where("mint.keypair")}: ${file} is not a keypair file (a JSON array of 64 bytes)`);
    }
    mint = {
      keypair,
      decimals: small(mo, "decimals", "mint.", 19),
      initialSupply: mo.initialSupply === undefined ? 0n : uint(mo, "initialSupply", "mint."),
    };
  } else return fail(`${where("mint")} must be a mint address or {"keypair", "decimals", "initialSupply"}`);

  const oraclesRaw = has(raw, "oracles");
  if (!Array.isArray(oraclesRaw)) fail(`${where("oracles")} must be a list of public keys`);
  const oracles = (oraclesRaw as unknown[]).map((o, i) => pubkey(o, `oracles[${i}]`));
  if (oracles.length === 0 || oracles.length > 16) fail(`${where("oracles")} must list 1 to 16 oracle keys (it lists ${oracles.length})`);
  const oracleThreshold = small(raw, "oracleThreshold", "", oracles.length, 1);

  let credits: CreditsSetup | undefined;
  if (raw.credits !== undefined) {
    const c = object(raw.credits, "credits");
    known(c, CREDITS_FIELDS, "credits.");
    const feed = c.feedId;
    credits = {
      mode: oneOf(c, "mode", ["fixed", "oracle"] as const, "credits."),
      creditsPerToken: optional(c, "creditsPerToken", () => uint(c, "creditsPerToken", "credits.")),
      usdPerCreditE8: optional(c, "usdPerCreditE8", () => uint(c, "usdPerCreditE8", "credits.")),
      priceUpdate: optional(c, "priceUpdate", () => pubkey(c.priceUpdate, "credits.priceUpdate")),
      feedId: optional(c, "feedId", () => {
        const bytes = typeof feed === "string" && /^(0x)?[0-9a-fA-F]{64}$/.test(feed) ? Array.from(Buffer.from(feed.replace(/^0x/, ""), "hex")) : feed;
        if (!Array.isArray(bytes) || bytes.length !== 32 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) fail(`${where("credits.feedId")} must be 32 bytes (64 hex digits, or a list of 32 bytes)`);
        return bytes as number[];
      }),
      maxPriceAgeSecs: optional(c, "maxPriceAgeSecs", () => uint(c, "maxPriceAgeSecs", "credits.")),
      maxConfBps: optional(c, "maxConfBps", () => small(c, "maxConfBps", "credits.", 10_000)),
      confKBps: optional(c, "confKBps", () => small(c, "confKBps", "credits.", 0xffff_ffff)),
      breakerWindowSecs: uint(c, "breakerWindowSecs", "credits."),
      breakerMaxCredits: uint(c, "breakerMaxCredits", "credits."),
    };
    if (credits.mode === "fixed" && credits.creditsPerToken === undefined) fail(`${where("credits.creditsPerToken")} is missing (needed in "fixed" mode)`);
    if (credits.mode === "oracle" && (credits.priceUpdate === undefined || credits.feedId === undefined)) fail(`${where("credits.priceUpdate")} and ${where("credits.feedId")} are needed in "oracle" mode`);
  }
  let rewards: RewardsSetup | undefined;
  if (raw.rewards !== undefined) {
    const r = object(raw.rewards, "rewards");
    known(r, REWARDS_FIELDS, "rewards.");
    const schedule = has(r, "schedule", "rewards.");
    if (!Array.isArray(schedule) || schedule.length === 0 || schedule.length > 8) fail(`${where("rewards.schedule")} must be a list of 1 to 8 {"startTs", "emissionPerEpoch"}`);
    rewards = {
      fundingMode: oneOf(r, "fundingMode", ["mint", "vault"] as const, "rewards."),
      schedule: (schedule as unknown[]).map((e, i) => {
        const entry = object(e, `rewards.schedule[${i}]`);
        known(entry, SCHEDULE_FIELDS, `rewards.schedule[${i}].`);
        return { startTs: uint(entry, "startTs", `rewards.schedule[${i}].`, I64_MAX), emissionPerEpoch: uint(entry, "emissionPerEpoch", `rewards.schedule[${i}].`) };
      }),
      supplyCap: uint(r, "supplyCap", "rewards."),
      operatorBps: small(r, "operatorBps", "rewards.", 10_000),
      netEmissionCap: uint(r, "netEmissionCap", "rewards."),
      rootActivationDelaySecs: optional(r, "rootActivationDelaySecs", () => uint(r, "rootActivationDelaySecs", "rewards.", I64_MAX)),
    };
  }
  const epochLengthSecs = uint(raw, "epochLengthSecs", "", I64_MAX, 1n);
  if (rewards?.rootActivationDelaySecs !== undefined && BigInt(rewards.rootActivationDelaySecs.toString()) > epochLengthSecs) {
    fail(`${where("rewards.rootActivationDelaySecs")} is ${rewards.rootActivationDelaySecs}, more than one epoch (epochLengthSecs ${epochLengthSecs})`);
  }
  return {
    mint,
    creator: optional(raw, "creator", () => pubkey(raw.creator, "creator")),
    treasury: optional(raw, "treasury", () => pubkey(raw.treasury, "treasury")),
    epochLengthSecs,
    stakePerDevice: uint(raw, "stakePerDevice", "", U64_MAX, 1n),
    minOperatorStake: uint(raw, "minOperatorStake"),
    unbondingSecs: uint(raw, "unbondingSecs", "", I64_MAX),
    slashDisputeWindowSecs: uint(raw, "slashDisputeWindowSecs", "", I64_MAX),
    maxSlashBps: small(raw, "maxSlashBps", "", 10_000, 1),
    slashDestination: oneOf(raw, "slashDestination", ["treasury", "burn"] as const),
    oracles,
    oracleThreshold,
    credits,
    rewards,
  };
}
