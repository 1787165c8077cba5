// Typed instruction builders for the credits program, and the client-side setup of the
// non-transferable DC mint and of a customer's DC account.
import { Connection, Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  ExtensionType,
  TOKEN_2022_PROGRAM_ID,
  createApproveInstruction,
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createInitializeNonTransferableMintInstruction,
  getAssociatedTokenAddressSync,
  getMintLen,
} from "@solana/spl-token";
import BN from "bn.js";
import { CREDITS_PROGRAM_ID } from "../ids";
import { CreditsProgram } from "./program";
import { enumValue, variantNameAt } from "../enums";
import { creditsConfigPda, delegationPda, tallyRingPda } from "./pda";

/** How `burn_for_credits` prices the token: the IDL enum `PriceMode`. */
export const PRICE_MODE_FIXED = "fixed";
export const PRICE_MODE_ORACLE = "oracle";
export type PriceMode = typeof PRICE_MODE_FIXED | typeof PRICE_MODE_ORACLE;
/** Its variants in order: `CreditsConfig.priceMode` (a u8 in the zero-copy account) is an index into it. */
export const PRICE_MODES: readonly PriceMode[] = [PRICE_MODE_FIXED, PRICE_MODE_ORACLE];
/** `CreditsConfig.priceMode` (the variant's index) by name. */
export const priceModeOf = (index: number): PriceMode => variantNameAt(PRICE_MODES, index);
/** Data credits have no fractional units. */
export const DC_DECIMALS = 0;
/** $0.00001 per credit in 1e-8 USD. */
export const DEFAULT_USD_PER_CREDIT_E8 = new BN(1_000);
const U64_MAX = (1n << 64n) - 1n;

export interface CreditsParams {
  priceMode: PriceMode;
  creditsPerToken: BN;
  usdPerCreditE8: BN;
  priceUpdate: PublicKey;
  feedId: number[];
  maxPriceAgeSecs: BN;
  maxConfBps: number;
  confKBps: number;
  breakerWindowSecs: BN;
  breakerMaxCredits: BN;
}

/** Instructions creating the DC mint: Token-2022, NonTransferable, mint authority = config PDA. */
export async function createDcMintInstructions(connection: Connection, payer: PublicKey, mint: Keypair, network: PublicKey): Promise<TransactionInstruction[]> {
  const space = getMintLen([ExtensionType.NonTransferable]);
  const lamports = await connection.getMinimumBalanceForRentExemption(space);
  return [
    SystemProgram.createAccount({ fromPubkey: payer, newAccountPubkey: mint.publicKey, space, lamports, programId: TOKEN_2022_PROGRAM_ID }),
    createInitializeNonTransferableMintInstruction(mint.publicKey, TOKEN_2022_PROGRAM_ID),
    createInitializeMint2Instruction(mint.publicKey, DC_DECIMALS, creditsConfigPda(network), null, TOKEN_2022_PROGRAM_ID),
  ];
}

/** A holder's DC account (associated, Token-2022). */
export const dcAccountAddress = (dcMint: PublicKey, holder: PublicKey) => getAssociatedTokenAddressSync(dcMint, holder, true, TOKEN_2022_PROGRAM_ID);

/**
 * Creates `holder`'s DC account if missing and approves the config PDA as its token-level
 * delegate (unlimited), which delegated spending burns under; program-level `Delegation`s cap
 * each provider. The approval needs the holder's signature.
 */
export function createDcAccountInstructions(payer: PublicKey, holder: PublicKey, dcMint: PublicKey, network: PublicKey): TransactionInstruction[] {
  const account = dcAccountAddress(dcMint, holder);
  return [
    createAssociatedTokenAccountIdempotentInstruction(payer, account, holder, dcMint, TOKEN_2022_PROGRAM_ID),
    createApproveInstruction(account, creditsConfigPda(network), holder, U64_MAX, [], TOKEN_2022_PROGRAM_ID),
  ];
}

export function initializeCreditsIx(program: CreditsProgram, a: { payer: PublicKey; authority: PublicKey; network: PublicKey; dcMint: PublicKey; tokenMint: PublicKey }, p: CreditsParams): Promise<TransactionInstruction> {
  return program.methods
    .initializeCredits(enumValue(p.priceMode), p.creditsPerToken, p.usdPerCreditE8, p.priceUpdate, p.feedId, p.maxPriceAgeSecs, p.maxConfBps, p.confKBps, p.breakerWindowSecs, p.breakerMaxCredits)
    .accountsPartial({ payer: a.payer, authority: a.authority, network: a.network, config: creditsConfigPda(a.network), tallyRing: tallyRingPda(a.network), dcMint: a.dcMint, tokenMint: a.tokenMint, systemProgram: SystemProgram.programId })
    .instruction();
}

export function updateCreditsConfigIx(program: CreditsProgram, a: { authority: PublicKey; network: PublicKey }, p: CreditsParams): Promise<TransactionInstruction> {
  return program.methods
    .updateCreditsConfig(enumValue(p.priceMode), p.creditsPerToken, p.usdPerCreditE8, p.priceUpdate, p.feedId, p.maxPriceAgeSecs, p.maxConfBps, p.confKBps, p.breakerWindowSecs, p.breakerMaxCredits)
    .accountsPartial({ authority: a.authority, network: a.network, config: creditsConfigPda(a.network) })
    .instruction();
}

export function setCreditsPausedIx(program: CreditsProgram, a: { authority: PublicKey; network: PublicKey }, paused: boolean): Promise<TransactionInstruction> {
  return program.methods.setCreditsPaused(paused).accountsPartial({ authority: a.authority, network: a.network, config: creditsConfigPda(a.network) }).instruction();
}

export interface BurnAccounts {
  owner: PublicKey;
  network: PublicKey;
  tokenMint: PublicKey;
  source: PublicKey;
  dcMint: PublicKey;
  recipient: PublicKey;
  /** The config's pinned price account (any key in fixed mode). */
  priceUpdate: PublicKey;
  tokenProgram: PublicKey;
}

export function burnForCreditsIx(program: CreditsProgram, a: BurnAccounts, tokenAmount: BN, minCreditsOut: BN): Promise<TransactionInstruction> {
  return program.methods
    .burnForCredits(tokenAmount, minCreditsOut)
    .accountsPartial({
      owner: a.owner, config: creditsConfigPda(a.network), tokenMint: a.tokenMint, source: a.source, dcMint: a.dcMint, recipient: a.recipient,
      tallyRing: tallyRingPda(a.network), priceUpdate: a.priceUpdate, tokenProgram: a.tokenProgram, dcTokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

export interface SpendAccounts {
  spender: PublicKey;
  network: PublicKey;
  dcMint: PublicKey;
  dcAccount: PublicKey;
  /** Set when a delegate spends; omitted when the holder spends. */
  delegated?: boolean;
}

export function spendCreditsIx(program: CreditsProgram, a: SpendAccounts, amount: BN, usageRef: number[]): Promise<TransactionInstruction> {
  return program.methods
    .spendCredits(amount, usageRef)
    .accountsPartial({
      spender: a.spender, config: creditsConfigPda(a.network), dcMint: a.dcMint, dcAccount: a.dcAccount, tallyRing: tallyRingPda(a.network),
      // Anchor's "none" for an optional account is the program id.
      delegation: a.delegated ? delegationPda(a.dcAccount, a.spender) : CREDITS_PROGRAM_ID,
      dcTokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

export function setDelegationIx(program: CreditsProgram, a: { holder: PublicKey; network: PublicKey; dcAccount: PublicKey; delegate: PublicKey }, allowance: BN): Promise<TransactionInstruction> {
  return program.methods
    .setDelegation(allowance)
    .accountsPartial({ holder: a.holder, config: creditsConfigPda(a.network), dcAccount: a.dcAccount, delegate: a.delegate, delegation: delegationPda(a.dcAccount, a.delegate), systemProgram: SystemProgram.programId })
    .instruction();
}

export function revokeDelegationIx(program: CreditsProgram, a: { holder: PublicKey; dcAccount: PublicKey; delegate: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.revokeDelegation().accountsPartial({ holder: a.holder, delegation: delegationPda(a.dcAccount, a.delegate) }).instruction();
}
