// What every persona client shares: the provider, the three typed programs, and one way to send.
import { AnchorProvider } from "@coral-xyz/anchor";
import { Keypair, PublicKey, Signer, TransactionInstruction } from "@solana/web3.js";
import { networkProgram, NetworkProgram } from "../network/program";
import { creditsProgram, CreditsProgram } from "../credits/program";
import { rewardsProgram, RewardsProgram } from "../rewards/program";
import { send, SendOptions, SentTransaction } from "../tx";
import { pack } from "../pack";

/** The provider, the three typed programs and one way to send, shared by every persona client. */
export class GroundworkContext {
  /** The network program (networks, operators, devices, staking, slashing). */
  readonly network: NetworkProgram;
  /** The credits program (burn-and-mint data credits). */
  readonly credits: CreditsProgram;
  /** The rewards program (emissions, epoch roots, claims). */
  readonly rewards: RewardsProgram;

  constructor(readonly provider: AnchorProvider, readonly options: SendOptions = {}) {
    this.network = networkProgram(provider);
    this.credits = creditsProgram(provider);
    this.rewards = rewardsProgram(provider);
  }

  /** The fee payer: the provider's wallet. */
  get payer(): PublicKey {
    return this.provider.wallet.publicKey;
  }

  /** Sends `instructions` in one transaction. */
  send(instructions: TransactionInstruction[], signers: Signer[] = []): Promise<SentTransaction> {
    return send(this.provider, instructions, signers, this.options);
  }

  /** Sends `instructions` in as few transactions as fit, in order. */
  async sendPacked(instructions: TransactionInstruction[], signers: Signer[] = []): Promise<SentTransaction[]> {
    const out: SentTransaction[] = [];
    for (const t of pack(this.payer, instructions, signers)) out.push(await this.send(t.instructions, t.signers));
    return out;
  }
}

/**
 * Who a persona acts as: a keypair (it signs), a bare public key (read-only: status and balances;
 * sending needs that key's signature and fails without it), or by default the provider's wallet.
 */
export function actor(ctx: GroundworkContext, who?: Keypair | PublicKey): { key: PublicKey; signers: Keypair[] } {
  if (!who) return { key: ctx.payer, signers: [] };
  if (who instanceof PublicKey) return { key: who, signers: [] };
  return { key: who.publicKey, signers: [who] };
}
