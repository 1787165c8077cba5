// The fee a device instruction must pay in credits, and the accounts that pay it: shared by the
// operator and maker clients.
import { PublicKey } from "@solana/web3.js";
import { GroundworkContext } from "./context";
import { fetchFeeSchedule, fetchNetwork, kindFees } from "../network/accounts";
import { fetchCreditsConfig } from "../credits/accounts";
import { FeePayment } from "../network/instructions";

/** Which fee of a kind. */
export type FeeKind = "onboarding" | "location";

/**
 * The fee `kind` costs for `which` on `network` now (0n when unpriced), the payment `payer`
 * makes for it (undefined when there is nothing to pay), and whether the network has a fee
 * schedule the instruction must pass.
 */
export async function feePayment(ctx: GroundworkContext, network: PublicKey, kind: number, which: FeeKind, payer: PublicKey): Promise<{ fee: bigint; payment?: FeePayment; feeSchedule: boolean }> {
  const n = await fetchNetwork(ctx.network, network);
  if (n.hasFeeSchedule === 0) return { fee: 0n, feeSchedule: false };
  const fees = kindFees(await fetchFeeSchedule(ctx.network, network), kind);
  const fee = which === "onboarding" ? fees.onboardingFee : fees.locationFee;
  if (fee === 0n) return { fee, feeSchedule: true };
  const cfg = await fetchCreditsConfig(ctx.credits, network);
  return { fee, payment: { owner: payer, dcMint: cfg.dcMint }, feeSchedule: true };
}
