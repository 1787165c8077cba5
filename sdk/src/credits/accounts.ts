// Typed fetchers for the credits program's accounts.
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { CreditsProgram } from "./program";
import { creditsConfigPda, delegationPda, tallyPda } from "./pda";

export type CreditsConfigAccount = Awaited<ReturnType<CreditsProgram["account"]["creditsConfig"]["fetch"]>>;
export type TallyAccount = Awaited<ReturnType<CreditsProgram["account"]["tally"]["fetch"]>>;
export type DelegationAccount = Awaited<ReturnType<CreditsProgram["account"]["delegation"]["fetch"]>>;

export const fetchCreditsConfig = (program: CreditsProgram, network: PublicKey): Promise<CreditsConfigAccount> =>
  program.account.creditsConfig.fetch(creditsConfigPda(network));

/** The tally of `epoch`, or null before the epoch's first burn or spend. */
export const fetchTally = (program: CreditsProgram, network: PublicKey, epoch: BN | number): Promise<TallyAccount | null> =>
  program.account.tally.fetchNullable(tallyPda(network, epoch));

export const fetchDelegation = (program: CreditsProgram, dcAccount: PublicKey, delegate: PublicKey): Promise<DelegationAccount | null> =>
  program.account.delegation.fetchNullable(delegationPda(dcAccount, delegate));

/** The network epoch containing `now` (same rule as the program). */
export function epochAt(config: Pick<CreditsConfigAccount, "genesisTs" | "epochLengthSecs">, now: number): number {
  const genesis = config.genesisTs.toNumber();
  const length = config.epochLengthSecs.toNumber();
  return now <= genesis || length === 0 ? 0 : Math.floor((now - genesis) / length);
}
