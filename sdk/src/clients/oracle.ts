// An oracle of the network: builds epoch reward trees from verified work, publishes their roots
// with the other oracles, and proposes and approves slashes on evidence.
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { GroundworkContext, actor } from "./context";
import { SentTransaction } from "../tx";
import * as net from "../network/instructions";
import * as rew from "../rewards/instructions";
import { fetchNetwork } from "../network/accounts";
import { operatorPda, slashProposalPda } from "../network/pda";
import { buildTree, proofsFile, ProofsFile, RewardLeaf, RewardTree } from "../rewards/merkle";

type Amount = BN | number | bigint;

/** An epoch's reward tree and the proofs file operators claim with. */
export interface EpochTree {
  epoch: number;
  tree: RewardTree;
  proofs: ProofsFile;
}

/** An oracle of one network: publishes epoch reward roots and proposes and approves slashes. */
export class OracleClient {
  private readonly me: { key: PublicKey; signers: Keypair[] };

  constructor(private readonly ctx: GroundworkContext, readonly network: PublicKey, wallet?: Keypair | PublicKey) {
    this.me = actor(ctx, wallet);
  }

  /** The oracle's key (must be in the network's oracle set to vote). */
  get key(): PublicKey {
    return this.me.key;
  }

  /**
   * Builds epoch `epoch`'s tree from each operator's cumulative lifetime reward (operator wallet
   * → total earned since genesis). Every oracle building from the same data gets the same root.
   */
  buildEpochTree(epoch: number, leaves: RewardLeaf[]): EpochTree {
    const tree = buildTree(this.network, leaves);
    return { epoch, tree, proofs: proofsFile(this.network, epoch, leaves, tree) };
  }

  /** Votes for the epoch's root; the vote that reaches the threshold finalizes the epoch. */
  async submitRoot(epochTree: EpochTree): Promise<SentTransaction> {
    return this.submitRootOf(epochTree.epoch, epochTree.tree);
  }

  /** Votes for a root already built (an oracle node votes from its archive, without the tree). */
  async submitRootOf(epoch: number, root: { root: Buffer; total: bigint; leafCount: number }): Promise<SentTransaction> {
    const state = await fetchNetwork(this.ctx.network, this.network);
    const ix = await rew.submitEpochRoot(this.ctx.rewards, {
      oracle: this.key, network: this.network, mint: state.mint, treasury: state.treasury,
      epoch, root: root.root, total: root.total, leafCount: root.leafCount,
    });
    return this.ctx.send([ix], this.me.signers);
  }

  /**
   * Proposes slashing `amount` from the operator owned by `operatorWallet` on `evidenceHash` (one
   * proposal per evidence per operator). Returns the proposal's reference (pass it to
   * `approveSlash`, `vetoSlash`, …), address and sequence id.
   */
  async proposeSlash(operatorWallet: PublicKey, amount: Amount, reason: number, evidenceHash: Uint8Array | number[]): Promise<SentTransaction & SlashProposalRef & { id: BN; proposal: PublicKey }> {
    const state = await fetchNetwork(this.ctx.network, this.network);
    const id = state.slashProposalCount;
    const ref = { operator: operatorPda(this.network, operatorWallet), evidenceHash: Array.from(evidenceHash) };
    const ix = await net.proposeSlashIx(this.ctx.network, { payer: this.ctx.payer, oracle: this.key, network: this.network, ...ref, amount, reason });
    return { ...(await this.ctx.send([ix], this.me.signers)), ...ref, id, proposal: slashProposalPda(this.network, ref.operator, ref.evidenceHash) };
  }

  /** Approves a slash proposal; the approval that reaches the threshold approves it and starts its dispute window. */
  async approveSlash(proposal: SlashProposalRef): Promise<SentTransaction> {
    const ix = await net.approveSlashIx(this.ctx.network, { oracle: this.key, network: this.network, operator: proposal.operator, evidenceHash: proposal.evidenceHash });
    return this.ctx.send([ix], this.me.signers);
  }
}

/** A slash proposal within a network: the operator account it targets and its evidence hash. */
export interface SlashProposalRef {
  operator: PublicKey;
  evidenceHash: Uint8Array | number[];
}
