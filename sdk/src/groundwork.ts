// The SDK's entry: `Groundwork.connect(provider)` gives a client per kind of user.
import { AnchorProvider, Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import { GroundworkContext } from "./clients/context";
import { TeamClient } from "./clients/team";
import { OperatorClient, claimBatch } from "./clients/operator";
import { CustomerClient } from "./clients/customer";
import { MakerClient } from "./clients/maker";
import { OracleClient, SlashProposalRef } from "./clients/oracle";
import { EventDecoder } from "./events";
import { SendOptions, SentTransaction } from "./tx";
import { ClaimProof } from "./rewards/merkle";
import { fetchNetwork, fetchSlashProposal } from "./network/accounts";
import { applyGovernanceIx, executeSlashIx, refreshSlashIx } from "./network/instructions";
import { GroundworkNetworkIdl } from "./idl/groundwork_network";
import { GroundworkCreditsIdl } from "./idl/groundwork_credits";
import { GroundworkRewardsIdl } from "./idl/groundwork_rewards";

/** The SDK's entry point: one connection to the three Groundwork programs, and a client per persona. */
export class Groundwork {
  /** The provider, the three typed Anchor programs, and the send helpers every client uses. */
  readonly ctx: GroundworkContext;
  /** Decodes the programs' events from transaction logs. */
  readonly events: EventDecoder;

  private constructor(provider: AnchorProvider, options: SendOptions) {
    this.ctx = new GroundworkContext(provider, options);
    this.events = new EventDecoder([
      { name: "network", idl: GroundworkNetworkIdl as unknown as Idl },
      { name: "credits", idl: GroundworkCreditsIdl as unknown as Idl },
      { name: "rewards", idl: GroundworkRewardsIdl as unknown as Idl },
    ]);
  }

  /** Works unchanged on the embedded SVM provider and on any RPC provider. */
  static connect(provider: AnchorProvider, options: SendOptions = {}): Groundwork {
    return new Groundwork(provider, options);
  }

  /** The Anchor provider this SDK sends with (its wallet pays fees). */
  get provider(): AnchorProvider {
    return this.ctx.provider;
  }

  /** The DePIN team; `authority` signs (default: the provider's wallet). */
  team(authority?: Keypair): TeamClient {
    return new TeamClient(this.ctx, authority);
  }

  /** A hardware operator of `network`; `wallet` signs (default: the provider's wallet; a bare key is read-only). */
  operator(network: PublicKey, wallet?: Keypair | PublicKey): OperatorClient {
    return new OperatorClient(this.ctx, network, wallet);
  }

  /** A device maker of `network`; `makerKey` is its factory key (signs co-signatures and its stake). */
  maker(network: PublicKey, makerKey: Keypair): MakerClient {
    return new MakerClient(this.ctx, network, makerKey);
  }

  /** A customer (or service provider) of `network`'s data credits; `wallet` signs (default: the provider's wallet). */
  customer(network: PublicKey, wallet?: Keypair | PublicKey): CustomerClient {
    return new CustomerClient(this.ctx, network, wallet);
  }

  /** An oracle of `network`: epoch reward trees and roots, slash proposals; `wallet` signs (default: the provider's wallet). */
  oracle(network: PublicKey, wallet?: Keypair | PublicKey): OracleClient {
    return new OracleClient(this.ctx, network, wallet);
  }

  /** Applies every queued governance change of `network` whose time has come (anyone may). */
  async applyGovernance(network: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await applyGovernanceIx(this.ctx.network, { network })]);
  }

  /**
   * Brings a slash proposal in line with the current oracle set, or closes it when expired or
   * vetoed (rent back to its payer). Anyone may; an operator whose approved proposal lost its
   * quorum calls this to release its unbonding stake.
   */
  async refreshSlash(network: PublicKey, proposal: SlashProposalRef): Promise<SentTransaction> {
    const p = await fetchSlashProposal(this.ctx.network, network, proposal.operator, proposal.evidenceHash);
    if (!p) throw new Error("no such slash proposal");
    return this.ctx.send([await refreshSlashIx(this.ctx.network, { network, operator: proposal.operator, evidenceHash: proposal.evidenceHash, payer: p.payer })]);
  }

  /** Executes a slash whose dispute window has run (anyone may). */
  async executeSlash(network: PublicKey, proposal: SlashProposalRef): Promise<SentTransaction> {
    const n = await fetchNetwork(this.ctx.network, network);
    return this.ctx.send([await executeSlashIx(this.ctx.network, { network, operator: proposal.operator, evidenceHash: proposal.evidenceHash, mint: n.mint, treasury: n.treasury })]);
  }

  /** Claims for many operators at once (anyone may crank; each payout goes to its operator). */
  async claimBatch(network: PublicKey, entries: ClaimProof[], onProgress?: (done: number, total: number) => void): Promise<SentTransaction[]> {
    const state = await fetchNetwork(this.ctx.network, network);
    return claimBatch(this.ctx, network, state.mint, entries, onProgress);
  }
}
