// Typed fetchers for the credits program's accounts.
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { CreditsProgram } from "./program";
import { creditsConfigPda, delegationPda, tallyRingPda } from "./pda";

export type CreditsConfigAccount = Awaited<ReturnType<CreditsProgram["account"]["creditsConfig"]["fetch"]>>;
export type TallyRingAccount = Awaited<ReturnType<CreditsProgram["account"]["tallyRing"]["fetch"]>>;
/** One epoch's burns and spends (a slot of the network's `TallyRing`). */
export type TallyAccount = TallyRingAccount["slots"][number];
export type DelegationAccount = Awaited<ReturnType<CreditsProgram["account"]["delegation"]["fetch"]>>;

export const fetchCreditsConfig = (program: CreditsProgram, network: PublicKey): Promise<CreditsConfigAccount> =>
  program.account.creditsConfig.fetch(creditsConfigPda(network));

/** The network's tally ring (the last 16 epochs), or null before credits are set up. */
export const fetchTallyRing = (program: CreditsProgram, network: PublicKey): Promise<TallyRingAccount | null> =>
  program.account.tallyRing.fetchNullable(tallyRingPda(network));

/** Epoch `e` in the ring's slot `e % 16`, or null when nothing was burned or spent in `epoch`
 * or the ring no longer holds it (16 epochs are kept on chain; the events have the rest). */
export function tallyOf(ring: TallyRingAccount, epoch: BN | number): TallyAccount | null {
  const e = new BN(epoch.toString());
  const slot = ring.slots[e.modn(ring.slots.length)];
  const touched = !slot.tokensBurned.isZero() || !slot.creditsMinted.isZero() || !slot.creditsSpent.isZero();
  return slot.epoch.eq(e) && touched ? slot : null;
}

/** The tally of `epoch`, or null before the epoch's first burn or spend (or once the ring has
 * moved 16 epochs past it). */
export const fetchTally = async (program: CreditsProgram, network: PublicKey, epoch: BN | number): Promise<TallyAccount | null> => {
  const ring = await fetchTallyRing(program, network);
  return ring ? tallyOf(ring, epoch) : null;
};

export const fetchDelegation = (program: CreditsProgram, dcAccount: PublicKey, delegate: PublicKey): Promise<DelegationAccount | null> =>
  program.account.delegation.fetchNullable(delegationPda(dcAccount, delegate));

/** The network epoch containing `now` (same rule as the program). */
export function epochAt(config: Pick<CreditsConfigAccount, "genesisTs" | "epochLengthSecs">, now: number): number {
  const genesis = config.genesisTs.toNumber();
  const length = config.epochLengthSecs.toNumber();
  return now <= genesis || length === 0 ? 0 : Math.floor((now - genesis) / length);
}
