// Typed instruction builders of the rewards program.
import { AccountMeta, Connection, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  AuthorityType,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createSetAuthorityInstruction,
  getAssociatedTokenAddressSync,
} from "@solana/spl-token";
import BN from "bn.js";
import { RewardsProgram } from "./program";
import { claimStatusPda, epochVotesPda, rewardSplitPda, rewardsConfigPda, rewardsVaultPda } from "./pda";
import { tallyRingPda } from "../credits/pda";
import { proofArg } from "./merkle";
import { enumValue, variantNameAt } from "../enums";
import { GroundworkRewardsIdl } from "../idl/groundwork_rewards";

/** How each epoch's emission is funded: the IDL enum `FundingMode`. */
export const FundingMode = { Mint: "mint", Vault: "vault" } as const;
export type FundingModeValue = (typeof FundingMode)[keyof typeof FundingMode];
/** Its variants in order: `RewardsConfig.fundingMode` (a u8 in the zero-copy account) is an index into it. */
export const FUNDING_MODES: readonly FundingModeValue[] = [FundingMode.Mint, FundingMode.Vault];
/** `RewardsConfig.fundingMode` (the variant's index) by name. */
export const fundingModeOf = (index: number): FundingModeValue => variantNameAt(FUNDING_MODES, index);

export interface ScheduleEntryArg {
  startTs: BN;
  emissionPerEpoch: BN;
}

export interface RewardsParams {
  supplyCap: BN;
  operatorBps: number;
  netEmissionCap: BN;
  schedule: ScheduleEntryArg[];
}

export interface InitializeRewardsArgs extends RewardsParams {
  payer: PublicKey;
  authority: PublicKey;
  network: PublicKey;
  mint: PublicKey;
  fundingMode: FundingModeValue;
}

/** Mint mode: hands the mint authority to the config PDA (put it before `initializeRewards`). */
export function handOverMintAuthority(mint: PublicKey, currentAuthority: PublicKey, network: PublicKey): TransactionInstruction {
  return createSetAuthorityInstruction(mint, currentAuthority, AuthorityType.MintTokens, rewardsConfigPda(network));
}

export function initializeRewards(program: RewardsProgram, a: InitializeRewardsArgs): Promise<TransactionInstruction> {
  return program.methods
    .initializeRewards(enumValue(a.fundingMode), a.supplyCap, a.operatorBps, a.netEmissionCap, a.schedule)
    .accountsPartial({
      payer: a.payer,
      authority: a.authority,
      network: a.network,
      config: rewardsConfigPda(a.network),
      vault: rewardsVaultPda(a.network),
      mint: a.mint,
      tokenProgram: TOKEN_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

export function updateRewardsConfig(program: RewardsProgram, authority: PublicKey, network: PublicKey, p: RewardsParams): Promise<TransactionInstruction> {
  return program.methods
    .updateRewardsConfig(p.supplyCap, p.operatorBps, p.netEmissionCap, p.schedule)
    .accountsPartial({ authority, network, config: rewardsConfigPda(network) })
    .instruction();
}

/** Sets how long a finalized root waits (vetoable) before claims use it; 0 activates at once. At most one epoch. */
export function setRootActivationDelay(program: RewardsProgram, authority: PublicKey, network: PublicKey, delaySecs: BN | number): Promise<TransactionInstruction> {
  return program.methods
    .setRootActivationDelay(new BN(delaySecs.toString()))
    .accountsPartial({ authority, network, config: rewardsConfigPda(network) })
    .instruction();
}

/** Discards the pending root before it activates; claims keep using the active root. */
export function vetoPendingRoot(program: RewardsProgram, authority: PublicKey, network: PublicKey): Promise<TransactionInstruction> {
  return program.methods.vetoPendingRoot().accountsPartial({ authority, network, config: rewardsConfigPda(network) }).instruction();
}

export function setPaused(program: RewardsProgram, authority: PublicKey, network: PublicKey, paused: boolean): Promise<TransactionInstruction> {
  return program.methods.setPaused(paused).accountsPartial({ authority, network, config: rewardsConfigPda(network) }).instruction();
}

export interface SubmitEpochRootArgs {
  oracle: PublicKey;
  network: PublicKey;
  mint: PublicKey;
  treasury: PublicKey;
  epoch: number;
  root: Buffer;
  total: bigint;
  leafCount: number;
}

export function submitEpochRoot(program: RewardsProgram, a: SubmitEpochRootArgs): Promise<TransactionInstruction> {
  return program.methods
    .submitEpochRoot(new BN(a.epoch), Array.from(a.root), new BN(a.total.toString()), new BN(a.leafCount))
    .accountsPartial({
      oracle: a.oracle,
      network: a.network,
      config: rewardsConfigPda(a.network),
      epochVotes: epochVotesPda(a.network, a.epoch),
      vault: rewardsVaultPda(a.network),
      mint: a.mint,
      treasury: a.treasury,
      // Net emissions re-mint the previous epoch's burns, read from the credits tally ring.
      tallyRing: tallyRingPda(a.network),
      tokenProgram: TOKEN_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

export function clearEpochVotes(program: RewardsProgram, authority: PublicKey, network: PublicKey, epoch: number): Promise<TransactionInstruction> {
  return program.methods.clearEpochVotes().accountsPartial({ authority, network, epochVotes: epochVotesPda(network, epoch) }).instruction();
}

export interface ClaimArgs {
  /** Who pays: the transaction fee, and the claim status rent on a first claim (the operator or a crank). */
  payer: PublicKey;
  operator: PublicKey;
  network: PublicKey;
  mint: PublicKey;
  cumulativeAmount: bigint;
  proof: Array<Buffer | string>;
  /** The operator's token account; its associated token account by default. Ignored with `split`. */
  operatorToken?: PublicKey;
  /**
   * The operator's reward split, when it has one (`fetchRewardSplit` / `claimTargets`): the claim
   * then pays these wallets, in this order, and must name each one's token account.
   */
  split?: RewardSplitInfo | null;
  /** With `split`: the recipients' token accounts, in the split's order (default: their associated token accounts). */
  recipientTokens?: PublicKey[];
}

/** Most recipients of one operator's reward split (programs/rewards `MAX_SPLIT_RECIPIENTS`). */
export const MAX_SPLIT_RECIPIENTS = 4;
/** A split's shares are basis points summing to this. */
export const SPLIT_BPS_TOTAL = 10_000;

/** One recipient of a reward split: a wallet (the owner of the token account paid) and its share. */
export interface SplitRecipientArg {
  wallet: PublicKey;
  bps: number;
}

/** An operator's reward split as stored on chain (recipients in order; the first takes remainders). */
export interface RewardSplitInfo {
  recipients: SplitRecipientArg[];
}

/**
 * Each recipient's part of a payout, as `claim` pays it: `floor(payout × bps / 10,000)` for every
 * recipient after the first, the first the remainder (so the parts add up to the payout).
 */
export function splitAmounts(payout: bigint, split: RewardSplitInfo): bigint[] {
  const parts = split.recipients.map((r, i) => (i === 0 ? 0n : (payout * BigInt(r.bps)) / BigInt(SPLIT_BPS_TOTAL)));
  parts[0] = payout - parts.reduce((a, b) => a + b, 0n);
  return parts;
}

/**
 * Why a split would be refused, checked before sending (the program checks the same and answers
 * with `InvalidSplitCount`, `ZeroSplitShare`, `SplitSharesNotWhole`, `DuplicateSplitRecipient`,
 * `InvalidSplitRecipient`); null when it is valid.
 */
export function splitProblem(recipients: SplitRecipientArg[], network: PublicKey): string | null {
  if (recipients.length < 1 || recipients.length > MAX_SPLIT_RECIPIENTS) return `a reward split has 1 to ${MAX_SPLIT_RECIPIENTS} recipients (got ${recipients.length})`;
  const seen = new Set<string>();
  let sum = 0;
  for (const r of recipients) {
    if (!Number.isInteger(r.bps) || r.bps < 1 || r.bps > SPLIT_BPS_TOTAL) return `share of ${r.wallet.toBase58()} must be a whole number of basis points from 1 to ${SPLIT_BPS_TOTAL} (got ${r.bps})`;
    if (r.wallet.equals(PublicKey.default) || r.wallet.equals(rewardsConfigPda(network))) return `${r.wallet.toBase58()} cannot receive rewards (the default key or the network's rewards config)`;
    if (seen.has(r.wallet.toBase58())) return `${r.wallet.toBase58()} appears twice: merge its shares into one entry`;
    seen.add(r.wallet.toBase58());
    sum += r.bps;
  }
  if (sum !== SPLIT_BPS_TOTAL) return `shares must sum to ${SPLIT_BPS_TOTAL} basis points (got ${sum})`;
  return null;
}

export interface SetRewardSplitArgs {
  /** The operator's wallet (signs). */
  operator: PublicKey;
  /** Pays the split account's rent when it is created. */
  payer: PublicKey;
  network: PublicKey;
  /** 1 to 4 wallets with shares in basis points summing to 10,000; one at 10,000 is a plain destination. */
  recipients: SplitRecipientArg[];
}

/** The operator sets where its rewards go (the claim status must exist: see `initializeClaimStatus`). */
export function setRewardSplit(program: RewardsProgram, a: SetRewardSplitArgs): Promise<TransactionInstruction> {
  return program.methods
    .setRewardSplit(a.recipients.map((r) => ({ wallet: r.wallet, bps: r.bps })))
    .accountsPartial({
      operator: a.operator,
      payer: a.payer,
      config: rewardsConfigPda(a.network),
      claimStatus: claimStatusPda(a.network, a.operator),
      split: rewardSplitPda(a.network, a.operator),
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** The operator drops its split: later claims pay its own wallet; the split's rent goes back to it. */
export function clearRewardSplit(program: RewardsProgram, a: { operator: PublicKey; network: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .clearRewardSplit()
    .accountsPartial({ operator: a.operator, config: rewardsConfigPda(a.network), claimStatus: claimStatusPda(a.network, a.operator), split: rewardSplitPda(a.network, a.operator) })
    .instruction();
}

export function operatorTokenAccount(mint: PublicKey, operator: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(mint, operator, true);
}

/** Creates the operator's claim status (once, before its first claim); idempotent. */
export function initializeClaimStatus(program: RewardsProgram, a: { payer: PublicKey; operator: PublicKey; network: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .initializeClaimStatus()
    .accountsPartial({
      payer: a.payer,
      operator: a.operator,
      config: rewardsConfigPda(a.network),
      claimStatus: claimStatusPda(a.network, a.operator),
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/**
 * The claim instruction alone: the operator's claim status must exist. No signer: the
 * transaction's fee payer submits it. With `split`, the payout goes to the split's recipients
 * (their token accounts follow the split account, in the split's order).
 */
export function claim(program: RewardsProgram, a: ClaimArgs): Promise<TransactionInstruction> {
  let payoutToken = a.operatorToken ?? operatorTokenAccount(a.mint, a.operator);
  const remaining: AccountMeta[] = [];
  if (a.split) {
    const tokens = a.recipientTokens ?? a.split.recipients.map((r) => operatorTokenAccount(a.mint, r.wallet));
    if (tokens.length !== a.split.recipients.length) throw new Error(`the split has ${a.split.recipients.length} recipients: give as many token accounts (got ${tokens.length})`);
    payoutToken = tokens[0];
    remaining.push({ pubkey: rewardSplitPda(a.network, a.operator), isSigner: false, isWritable: false });
    for (const t of tokens.slice(1)) remaining.push({ pubkey: t, isSigner: false, isWritable: true });
  }
  return program.methods
    .claim(new BN(a.cumulativeAmount.toString()), proofArg(a.proof))
    .accountsPartial({
      operator: a.operator,
      config: rewardsConfigPda(a.network),
      claimStatus: claimStatusPda(a.network, a.operator),
      vault: rewardsVaultPda(a.network),
      operatorToken: payoutToken,
      tokenProgram: TOKEN_PROGRAM_ID,
    })
    .remainingAccounts(remaining)
    .instruction();
}

/** Byte offset of `has_split` in a ClaimStatus account (discriminator, claimed u64, bump u8). */
const HAS_SPLIT_OFFSET = 8 + 8 + 1;

/** What a claim for one operator needs to know from the chain. */
export interface ClaimTarget {
  statusExists: boolean;
  /** The operator's reward split (null: it is paid itself). */
  split: RewardSplitInfo | null;
  /** With a split: which recipients' associated token accounts are missing (the SDK creates them). */
  missingRecipientTokens: boolean[];
}

/** Decodes a RewardSplit account's data. */
export function decodeRewardSplit(program: RewardsProgram, data: Buffer): RewardSplitInfo {
  const s = program.coder.accounts.decode("rewardSplit", data) as { recipients: PublicKey[]; bps: number[]; count: number };
  return { recipients: Array.from({ length: s.count }, (_, i) => ({ wallet: s.recipients[i], bps: s.bps[i] })) };
}

/** The operator's reward split, or null when its rewards go to its own wallet. */
export async function fetchRewardSplit(program: RewardsProgram, network: PublicKey, operator: PublicKey): Promise<RewardSplitInfo | null> {
  return (await readSplits(program, network, [operator]))[0].split;
}

async function multipleAccounts(connection: Connection, keys: PublicKey[]) {
  const out = [];
  for (let i = 0; i < keys.length; i += 100) out.push(...(await connection.getMultipleAccountsInfo(keys.slice(i, i + 100))));
  return out;
}

/**
 * For each operator: whether its claim status exists, its reward split (the status says whether
 * it has one) and which of its recipients' associated token accounts of `mint` are missing. One
 * RPC call per 100 operators, plus one per 100 splits and per 100 recipients.
 */
export async function claimTargets(program: RewardsProgram, network: PublicKey, mint: PublicKey, operators: PublicKey[]): Promise<ClaimTarget[]> {
  const targets = await readSplits(program, network, operators);
  const withSplit = targets.filter((t) => t.split);
  const wanted = withSplit.flatMap((t) => t.split!.recipients.map((r) => operatorTokenAccount(mint, r.wallet)));
  const tokens = await multipleAccounts(program.provider.connection, wanted);
  let k = 0;
  for (const t of withSplit) t.missingRecipientTokens = t.split!.recipients.map(() => tokens[k++] === null);
  return targets;
}

/** Claim statuses and, where the status records one, reward splits (without the recipients' token accounts). */
async function readSplits(program: RewardsProgram, network: PublicKey, operators: PublicKey[]): Promise<ClaimTarget[]> {
  const connection = program.provider.connection;
  const statuses = await multipleAccounts(connection, operators.map((o) => claimStatusPda(network, o)));
  const withSplit = operators.map((_, i) => statuses[i] !== null && statuses[i]!.data.length > HAS_SPLIT_OFFSET && statuses[i]!.data[HAS_SPLIT_OFFSET] !== 0);
  const splitIdx = operators.map((_, i) => i).filter((i) => withSplit[i]);
  const splitInfos = await multipleAccounts(connection, splitIdx.map((i) => rewardSplitPda(network, operators[i])));
  const targets: ClaimTarget[] = operators.map((_, i) => ({ statusExists: statuses[i] !== null, split: null, missingRecipientTokens: [] }));
  for (const [j, i] of splitIdx.entries()) {
    const info = splitInfos[j];
    if (!info) throw new Error(`the claim status of ${operators[i].toBase58()} records a reward split, but its split account is missing`);
    targets[i].split = decodeRewardSplit(program, info.data);
  }
  return targets;
}

/** Which of these operators already have a claim status in `network` (one RPC call per 100). */
export async function claimStatusesExist(connection: Connection, network: PublicKey, operators: PublicKey[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < operators.length; i += 100) {
    const infos = await connection.getMultipleAccountsInfo(operators.slice(i, i + 100).map((o) => claimStatusPda(network, o)));
    out.push(...infos.map((info) => info !== null));
  }
  return out;
}

/**
 * A claim as a user sends it: the operator's token account created if missing (idempotent), its
 * claim status created if this is its first claim, then the claim. With a reward split (read from
 * the chain unless `known` gives it), the claim pays every recipient and the recipients'
 * associated token accounts that are missing are created first (the payer pays their rent).
 * `known` skips the lookups when the caller already did them: a boolean (the status exists, no
 * split: see `claimStatusesExist`) or a `ClaimTarget` (see `claimTargets`).
 */
export async function claimWithAccount(program: RewardsProgram, a: ClaimArgs, known?: boolean | ClaimTarget): Promise<TransactionInstruction[]> {
  const target: ClaimTarget =
    typeof known === "boolean" ? { statusExists: known, split: null, missingRecipientTokens: [] } : known ?? (await claimTargets(program, a.network, a.mint, [a.operator]))[0];
  const ixs: TransactionInstruction[] = [];
  if (target.split) {
    for (const [i, r] of target.split.recipients.entries()) {
      if (target.missingRecipientTokens[i]) ixs.push(createAssociatedTokenAccountIdempotentInstruction(a.payer, operatorTokenAccount(a.mint, r.wallet), r.wallet, a.mint));
    }
    ixs.push(await claim(program, { ...a, split: target.split, recipientTokens: undefined }));
    return ixs;
  }
  const ata = operatorTokenAccount(a.mint, a.operator);
  ixs.push(createAssociatedTokenAccountIdempotentInstruction(a.payer, ata, a.operator, a.mint));
  if (!target.statusExists) ixs.push(await initializeClaimStatus(program, a));
  ixs.push(await claim(program, { ...a, operatorToken: ata, split: null }));
  return ixs;
}

/** Whether `ix` is a rewards `claim` (and not its token-account or claim-status set-up). */
export function isClaimInstruction(program: RewardsProgram, ix: TransactionInstruction): boolean {
  return ix.programId.equals(program.programId) && ix.data.subarray(0, 8).equals(CLAIM_DISCRIMINATOR);
}

const CLAIM_DISCRIMINATOR = Buffer.from(GroundworkRewardsIdl.instructions.find((i) => i.name === "claim")!.discriminator);
