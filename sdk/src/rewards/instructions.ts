// Typed instruction builders of the rewards program.
import { Connection, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  AuthorityType,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createSetAuthorityInstruction,
  getAssociatedTokenAddressSync,
} from "@solana/spl-token";
import BN from "bn.js";
import { RewardsProgram } from "./program";
import { claimStatusPda, epochVotesPda, rewardsConfigPda, rewardsVaultPda } from "./pda";
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
  /** The operator's token account; its associated token account by default. */
  operatorToken?: PublicKey;
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

/** The claim instruction alone: the operator's claim status must exist. No signer: the transaction's fee payer submits it. */
export function claim(program: RewardsProgram, a: ClaimArgs): Promise<TransactionInstruction> {
  return program.methods
    .claim(new BN(a.cumulativeAmount.toString()), proofArg(a.proof))
    .accountsPartial({
      operator: a.operator,
      config: rewardsConfigPda(a.network),
      claimStatus: claimStatusPda(a.network, a.operator),
      vault: rewardsVaultPda(a.network),
      operatorToken: a.operatorToken ?? operatorTokenAccount(a.mint, a.operator),
      tokenProgram: TOKEN_PROGRAM_ID,
    })
    .instruction();
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
 * claim status created if this is its first claim, then the claim. `statusExists` skips the
 * lookup when the caller already knows (see `claimStatusesExist`).
 */
export async function claimWithAccount(program: RewardsProgram, a: ClaimArgs, statusExists?: boolean): Promise<TransactionInstruction[]> {
  const ata = operatorTokenAccount(a.mint, a.operator);
  const exists = statusExists ?? (await claimStatusesExist(program.provider.connection, a.network, [a.operator]))[0];
  const ixs = [createAssociatedTokenAccountIdempotentInstruction(a.payer, ata, a.operator, a.mint)];
  if (!exists) ixs.push(await initializeClaimStatus(program, a));
  ixs.push(await claim(program, { ...a, operatorToken: ata }));
  return ixs;
}

/** Whether `ix` is a rewards `claim` (and not its token-account or claim-status set-up). */
export function isClaimInstruction(program: RewardsProgram, ix: TransactionInstruction): boolean {
  return ix.programId.equals(program.programId) && ix.data.subarray(0, 8).equals(CLAIM_DISCRIMINATOR);
}

const CLAIM_DISCRIMINATOR = Buffer.from(GroundworkRewardsIdl.instructions.find((i) => i.name === "claim")!.discriminator);
