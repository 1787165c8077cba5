// `npm run deploy`: creates and configures a network from a JSON config file on the provider's
// cluster. Idempotent: when the network already exists, the on-chain parameters, oracle set,
// credits and rewards configuration are compared with the file and only the differences are sent
// (`update_params`, `set_oracles`, `update_credits_config`, `update_rewards_config`); a network that
// matches its file gets no transaction at all ("up to date").
//
//   npm run deploy -- --config deploy/network.example.json [--url <rpc|moniker|embedded:file>] [--keypair <file>] [--dry-run]
//
// The provider comes from --url/--keypair, else Anchor's ANCHOR_PROVIDER_URL/ANCHOR_WALLET, else
// the Solana CLI config (the same resolution as the `groundwork` CLI). The signer is the network's
// authority and pays for everything. See deploy/README.md for the config format.
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
import { Groundwork } from "../sdk/src/groundwork";
import { CreditsSetup, NetworkConfig, RewardsSetup, creditsParams, rewardsParams } from "../sdk/src/clients/team";
import { NetworkAccount } from "../sdk/src/network/accounts";
import { SLASH_DESTINATION } from "../sdk/src/network/instructions";
import * as cred from "../sdk/src/credits/instructions";
import * as rew from "../sdk/src/rewards/instructions";
import { CreditsConfigAccount } from "../sdk/src/credits/accounts";
import { RewardsConfigAccount } from "../sdk/src/rewards/accounts";
import { networkPda } from "../sdk/src/network/pda";
import { creditsConfigPda } from "../sdk/src/credits/pda";
import { rewardsConfigPda } from "../sdk/src/rewards/pda";
import { SentTransaction } from "../sdk/src/tx";
import { createContext } from "../sdk/src/cli/context";
import { toGroundworkError } from "../sdk/src/errors";

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
}

type Amount = BN | number | bigint;
const str = (v: Amount | undefined) => (v === undefined ? "undefined" : v.toString());
const keys = (ks: PublicKey[]) => ks.map((k) => k.toBase58());

function isMintToCreate(m: DeployConfig["mint"]): m is MintToCreate {
  return !(m instanceof PublicKey);
}

/**
 * Creates the network of `config` if it does not exist, otherwise brings its on-chain
 * configuration in line with `config`, sending only what differs. The provider's wallet is the
 * authority and the fee payer.
 */
export async function deploy(provider: AnchorProvider, config: DeployConfig, options: DeployOptions = {}): Promise<DeployResult> {
  const log = options.log ?? (() => undefined);
  const gw = Groundwork.connect(provider);
  const authority = provider.wallet.publicKey;
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
  if (isMintToCreate(config.mint) && !(await connection.getAccountInfo(mint))) {
    const m = config.mint;
    const ata = getAssociatedTokenAddressSync(mint, authority, true);
    const ixs: TransactionInstruction[] = [
      SystemProgram.createAccount({ fromPubkey: authority, newAccountPubkey: mint, space: MINT_SIZE, lamports: await connection.getMinimumBalanceForRentExemption(MINT_SIZE), programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(mint, m.decimals, authority, null),
    ];
    if (m.initialSupply > 0n) ixs.push(createAssociatedTokenAccountIdempotentInstruction(authority, ata, authority, mint), createMintToInstruction(mint, ata, authority, m.initialSupply));
    await apply({ action: "create_mint", details: [`mint ${mint.toBase58()}, ${m.decimals} decimals, mint authority ${authority.toBase58()}`, ...(m.initialSupply > 0n ? [`initial supply ${m.initialSupply} to ${ata.toBase58()}`] : [])] },
      () => gw.ctx.send(ixs, [m.keypair]));
  }
  const networkConfig: NetworkConfig = { ...config, mint };
  // A network's address is its mint and its creator: the file's `creator`, or this signer.
  const network = networkPda(mint, config.creator ?? authority);

  // --- A new network: create everything in one flow --------------------------------------------
  const existing = await gw.ctx.network.account.network.fetchNullable(network);
  if (!existing) {
    const parts = ["network", config.credits ? "credits" : "", config.rewards ? `rewards (${config.rewards.fundingMode} mode)` : ""].filter(Boolean);
    await apply({ action: "create_network", details: [`${network.toBase58()} for mint ${mint.toBase58()}: ${parts.join(", ")}`] },
      async () => (await gw.team().createNetwork(networkConfig)).transactions);
    return { network, mint, changes, transactions };
  }

  // --- An existing network: read everything, check what cannot change, then send the differences.
  const creditsOnChain = await gw.ctx.credits.account.creditsConfig.fetchNullable(creditsConfigPda(network));
  const rewardsOnChain = await gw.ctx.rewards.account.rewardsConfig.fetchNullable(rewardsConfigPda(network));
  const immutable = immutableMismatches(existing, networkConfig, rewardsOnChain);
  if (immutable.length) throw new Error(`network ${network.toBase58()} exists and these cannot change: ${immutable.join("; ")}`);

  const params = paramsDiff(existing, networkConfig);
  const oracles = oraclesDiff(existing, networkConfig);
  const credits = config.credits && creditsOnChain ? creditsDiff(creditsOnChain, config.credits) : [];
  const rewards = config.rewards && rewardsOnChain ? rewardsDiff(rewardsOnChain, config.rewards) : [];
  const delay = config.rewards && rewardsOnChain ? rootDelayDiff(rewardsOnChain, config.rewards) : [];
  const needsWrite = params.length + oracles.length + credits.length + rewards.length + delay.length > 0 || (config.credits && !creditsOnChain) || (config.rewards && !rewardsOnChain);
  if (needsWrite && !existing.authority.equals(authority)) {
    throw new Error(`network ${network.toBase58()} differs from the file, but its authority is ${existing.authority.toBase58()}, not the signer ${authority.toBase58()}`);
  }
  const team = gw.team();
  if (params.length) {
    await apply({ action: "update_params", details: params }, () => team.updateParams(network, {
      stakePerDevice: config.stakePerDevice, minOperatorStake: config.minOperatorStake, unbondingSecs: config.unbondingSecs,
      slashDisputeWindowSecs: config.slashDisputeWindowSecs, maxSlashBps: config.maxSlashBps, slashDestination: SLASH_DESTINATION[config.slashDestination],
    }));
  }
  if (oracles.length) await apply({ action: "set_oracles", details: oracles }, () => team.setOracles(network, config.oracles, config.oracleThreshold));

  if (config.credits && !creditsOnChain) {
    const c = config.credits;
    const dcMint = Keypair.generate();
    await apply({ action: "initialize_credits", details: [`${c.mode} price, new DC mint ${dcMint.publicKey.toBase58()}`] }, async () => gw.ctx.send([
      ...(await cred.createDcMintInstructions(connection, gw.ctx.payer, dcMint, network)),
      await cred.initializeCreditsIx(gw.ctx.credits, { payer: gw.ctx.payer, authority, network, dcMint: dcMint.publicKey, tokenMint: mint }, creditsParams(c)),
    ], [dcMint]));
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
      ]));
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
  if (c.treasury && !n.treasury.equals(c.treasury)) out.push(`treasury is ${n.treasury.toBase58()}, the file says ${c.treasury.toBase58()}`);
  if (rewards && c.rewards) {
    const mode = c.rewards.fundingMode === "mint" ? rew.FundingMode.Mint : rew.FundingMode.Vault;
    if (rewards.fundingMode !== mode) out.push(`rewards fundingMode is ${rewards.fundingMode === rew.FundingMode.Mint ? "mint" : "vault"}, the file says ${c.rewards.fundingMode}`);
  }
  return out;
}

/** "field: chain → file" for each differing value. */
function diffFields(pairs: [string, unknown, unknown][]): string[] {
  return pairs.filter(([, a, b]) => String(a) !== String(b)).map(([k, a, b]) => `${k}: ${String(a)} → ${String(b)}`);
}

function paramsDiff(n: NetworkAccount, c: NetworkConfig): string[] {
  return diffFields([
    ["stakePerDevice", str(n.stakePerDevice), str(c.stakePerDevice)],
    ["minOperatorStake", str(n.minOperatorStake), str(c.minOperatorStake)],
    ["unbondingSecs", str(n.unbondingSecs), str(c.unbondingSecs)],
    ["slashDisputeWindowSecs", str(n.slashDisputeWindowSecs), str(c.slashDisputeWindowSecs)],
    ["maxSlashBps", n.maxSlashBps, c.maxSlashBps],
    ["slashDestination", n.slashDestination === SLASH_DESTINATION.burn ? "burn" : "treasury", c.slashDestination],
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
    ["mode", onChain.priceMode === cred.PRICE_MODE_FIXED ? "fixed" : "oracle", c.mode],
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

/** Reads and checks a deploy config file; relative keypair paths are relative to the file. */
export function loadDeployConfig(file: string): DeployConfig {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  return parseDeployConfig(raw, path.dirname(path.resolve(file)));
}

/** Checks a parsed config object. `baseDir` resolves relative keypair paths. */
export function parseDeployConfig(raw: Record<string, unknown>, baseDir: string): DeployConfig {
  const where = (field: string) => `config field "${field}"`;
  const has = (o: Record<string, unknown>, f: string, prefix = "") => {
    if (o[f] === undefined || o[f] === null) throw new Error(`${where(prefix + f)} is missing`);
    return o[f];
  };
  const uint = (o: Record<string, unknown>, f: string, prefix = ""): bigint => {
    const v = has(o, f, prefix);
    if (!((typeof v === "number" && Number.isSafeInteger(v) && v >= 0) || (typeof v === "string" && /^\d+$/.test(v)))) {
      throw new Error(`${where(prefix + f)} must be a whole number (a decimal string for values above 2^53): ${JSON.stringify(v)}`);
    }
    return BigInt(v);
  };
  const small = (o: Record<string, unknown>, f: string, prefix = "") => Number(uint(o, f, prefix));
  const pubkey = (v: unknown, f: string) => {
    try {
      return new PublicKey(String(v));
    } catch {
      throw new Error(`${where(f)} is not a base58 public key: ${JSON.stringify(v)}`);
    }
  };
  const oneOf = <T extends string>(o: Record<string, unknown>, f: string, options: readonly T[], prefix = ""): T => {
    const v = has(o, f, prefix);
    if (!options.includes(v as T)) throw new Error(`${where(prefix + f)} must be one of ${options.join(", ")}: ${JSON.stringify(v)}`);
    return v as T;
  };
  const optional = <T>(o: Record<string, unknown>, f: string, read: () => T): T | undefined => (o[f] === undefined ? undefined : read());

  let mint: DeployConfig["mint"];
  const m = has(raw, "mint");
  if (typeof m === "string") mint = pubkey(m, "mint");
  else if (m && typeof m === "object") {
    const mo = m as Record<string, unknown>;
    const file = path.resolve(baseDir, String(has(mo, "keypair", "mint.")));
    if (!fs.existsSync(file)) throw new Error(`${where("mint.keypair")}: ${file} not found (create one with \`groundwork wallet new --outfile ${file}\`)`);
    mint = {
      keypair: Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(file, "utf8")) as number[])),
      decimals: small(mo, "decimals", "mint."),
      initialSupply: mo.initialSupply === undefined ? 0n : uint(mo, "initialSupply", "mint."),
    };
  } else throw new Error(`${where("mint")} must be a mint address or {"keypair", "decimals", "initialSupply"}`);

  const oraclesRaw = has(raw, "oracles");
  if (!Array.isArray(oraclesRaw)) throw new Error(`${where("oracles")} must be a list of public keys`);

  let credits: CreditsSetup | undefined;
  if (raw.credits !== undefined) {
    const c = raw.credits as Record<string, unknown>;
    const feed = c.feedId;
    credits = {
      mode: oneOf(c, "mode", ["fixed", "oracle"] as const, "credits."),
      creditsPerToken: optional(c, "creditsPerToken", () => uint(c, "creditsPerToken", "credits.")),
      usdPerCreditE8: optional(c, "usdPerCreditE8", () => uint(c, "usdPerCreditE8", "credits.")),
      priceUpdate: optional(c, "priceUpdate", () => pubkey(c.priceUpdate, "credits.priceUpdate")),
      feedId: optional(c, "feedId", () => {
        const bytes = typeof feed === "string" ? Array.from(Buffer.from(feed.replace(/^0x/, ""), "hex")) : (feed as number[]);
        if (!Array.isArray(bytes) || bytes.length !== 32) throw new Error(`${where("credits.feedId")} must be 32 bytes (hex string or byte list)`);
        return bytes;
      }),
      maxPriceAgeSecs: optional(c, "maxPriceAgeSecs", () => uint(c, "maxPriceAgeSecs", "credits.")),
      maxConfBps: optional(c, "maxConfBps", () => small(c, "maxConfBps", "credits.")),
      confKBps: optional(c, "confKBps", () => small(c, "confKBps", "credits.")),
      breakerWindowSecs: uint(c, "breakerWindowSecs", "credits."),
      breakerMaxCredits: uint(c, "breakerMaxCredits", "credits."),
    };
  }
  let rewards: RewardsSetup | undefined;
  if (raw.rewards !== undefined) {
    const r = raw.rewards as Record<string, unknown>;
    const schedule = has(r, "schedule", "rewards.");
    if (!Array.isArray(schedule)) throw new Error(`${where("rewards.schedule")} must be a list of {"startTs", "emissionPerEpoch"}`);
    rewards = {
      fundingMode: oneOf(r, "fundingMode", ["mint", "vault"] as const, "rewards."),
      schedule: schedule.map((e: Record<string, unknown>, i) => ({ startTs: uint(e, "startTs", `rewards.schedule[${i}].`), emissionPerEpoch: uint(e, "emissionPerEpoch", `rewards.schedule[${i}].`) })),
      supplyCap: uint(r, "supplyCap", "rewards."),
      operatorBps: small(r, "operatorBps", "rewards."),
      netEmissionCap: uint(r, "netEmissionCap", "rewards."),
      rootActivationDelaySecs: optional(r, "rootActivationDelaySecs", () => uint(r, "rootActivationDelaySecs", "rewards.")),
    };
  }
  return {
    mint,
    creator: optional(raw, "creator", () => pubkey(raw.creator, "creator")),
    treasury: optional(raw, "treasury", () => pubkey(raw.treasury, "treasury")),
    epochLengthSecs: uint(raw, "epochLengthSecs"),
    stakePerDevice: uint(raw, "stakePerDevice"),
    minOperatorStake: uint(raw, "minOperatorStake"),
    unbondingSecs: uint(raw, "unbondingSecs"),
    slashDisputeWindowSecs: uint(raw, "slashDisputeWindowSecs"),
    maxSlashBps: small(raw, "maxSlashBps"),
    slashDestination: oneOf(raw, "slashDestination", ["treasury", "burn"] as const),
    oracles: oraclesRaw.map((o, i) => pubkey(o, `oracles[${i}]`)),
    oracleThreshold: small(raw, "oracleThreshold"),
    credits,
    rewards,
  };
}

// --- Command line -------------------------------------------------------------------------------

function parseArgs(argv: string[]): { config?: string; url?: string; keypair?: string; solanaConfig?: string; dryRun: boolean; help: boolean } {
  const out: { config?: string; url?: string; keypair?: string; solanaConfig?: string; dryRun: boolean; help: boolean } = { dryRun: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--config" || a === "-c") out.config = value();
    else if (a === "--url" || a === "-u") out.url = value();
    else if (a === "--keypair" || a === "-k") out.keypair = value();
    else if (a === "--solana-config") out.solanaConfig = value();
    else if (a === "--dry-run") out.dryRun = true;
    else if (a === "--help" || a === "-h") out.help = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  return out;
}

const USAGE = `usage: npm run deploy -- --config <network.json> [--url <url|moniker|embedded:state-file>] [--keypair <file>] [--dry-run]

Creates the network described by the config file, or updates an existing one to match it.
Provider: --url/--keypair, else ANCHOR_PROVIDER_URL/ANCHOR_WALLET, else the Solana CLI config
(--solana-config <file> to use another one).`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.config) throw new Error(`--config is required\n${USAGE}`);
  const config = loadDeployConfig(args.config);
  const ctx = createContext({ url: args.url ?? process.env.ANCHOR_PROVIDER_URL, keypair: args.keypair ?? process.env.ANCHOR_WALLET, config: args.solanaConfig });
  const mint = isMintToCreate(config.mint) ? config.mint.keypair.publicKey : config.mint;
  console.log(`deploying network ${networkPda(mint, config.creator ?? ctx.wallet.publicKey).toBase58()} (mint ${mint.toBase58()}) as ${ctx.wallet.publicKey.toBase58()}`);
  const result = await deploy(ctx.provider, config, { dryRun: args.dryRun, log: (l) => console.log(`  ${l}`) });
  ctx.save();
  if (result.changes.length === 0) console.log("up to date: nothing sent");
  else if (args.dryRun) console.log(`dry run: ${result.changes.length} change(s), nothing sent`);
  else console.log(`done: ${result.changes.length} change(s) in ${result.transactions.length} transaction(s): ${result.transactions.map((t) => t.signature).join(", ")}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const e = toGroundworkError(err);
    process.stderr.write(`error: ${e.message.split("\n")[0]}\n`);
    process.exit(1);
  });
}
