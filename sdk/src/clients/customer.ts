// A customer of the DePIN service: buys non-transferable data credits by burning the network
// token, spends them, and lets service providers spend on its behalf.
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getAccount, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { GroundworkContext, actor } from "./context";
import { SentTransaction } from "../tx";
import * as cred from "../credits/instructions";
import { fetchCreditsConfig, fetchDelegation, CreditsConfigAccount } from "../credits/accounts";

type Amount = BN | number | bigint;
const bn = (n: Amount) => new BN(n.toString());

export interface Balances {
  /** Network token in the customer's associated token account. */
  tokens: bigint;
  /** Data credits. */
  credits: bigint;
}

/** A customer of one network: buys, spends and delegates data credits (also a service provider spending as a delegate). */
export class CustomerClient {
  private readonly me: { key: PublicKey; signers: Keypair[] };

  constructor(private readonly ctx: GroundworkContext, readonly network: PublicKey, wallet?: Keypair | PublicKey) {
    this.me = actor(ctx, wallet);
  }

  /** The customer's wallet: holds its tokens and its credits account. */
  get wallet(): PublicKey {
    return this.me.key;
  }

  private config(): Promise<CreditsConfigAccount> {
    return fetchCreditsConfig(this.ctx.credits, this.network);
  }

  /** The customer's DC account. */
  async creditsAccount(holder: PublicKey = this.wallet): Promise<PublicKey> {
    return cred.dcAccountAddress((await this.config()).dcMint, holder);
  }

  /** Creates the DC account (idempotent) and approves the credits program for delegated spending. */
  async openCreditsAccount(): Promise<SentTransaction> {
    const cfg = await this.config();
    return this.ctx.send(cred.createDcAccountInstructions(this.ctx.payer, this.wallet, cfg.dcMint, this.network), this.me.signers);
  }

  /**
   * Burns `tokenAmount` of the network token for credits, delivered to `recipient`'s DC account
   * (default: this customer's). Fails without burning anything when fewer than `minCreditsOut`
   * credits would be minted.
   */
  async buyCredits(tokenAmount: Amount, options: { minCreditsOut?: Amount; recipient?: PublicKey; source?: PublicKey } = {}): Promise<SentTransaction & { credits: bigint }> {
    const cfg = await this.config();
    const recipientAccount = cred.dcAccountAddress(cfg.dcMint, options.recipient ?? this.wallet);
    const before = await this.balanceOf(recipientAccount);
    const ix = await cred.burnForCreditsIx(this.ctx.credits, {
      owner: this.wallet, network: this.network, tokenMint: cfg.tokenMint,
      source: options.source ?? getAssociatedTokenAddressSync(cfg.tokenMint, this.wallet, true),
      dcMint: cfg.dcMint, recipient: recipientAccount,
      priceUpdate: cfg.priceUpdate, tokenProgram: TOKEN_PROGRAM_ID,
    }, bn(tokenAmount), bn(options.minCreditsOut ?? 0));
    const sent = await this.ctx.send([ix], this.me.signers);
    return { ...sent, credits: (await this.balanceOf(recipientAccount)) - before };
  }

  /** Spends `amount` credits of this customer for service, recording `usageRef` (32 bytes). */
  async spend(amount: Amount, usageRef: Uint8Array | number[]): Promise<SentTransaction> {
    const cfg = await this.config();
    const ix = await cred.spendCreditsIx(this.ctx.credits, {
      spender: this.wallet, network: this.network, dcMint: cfg.dcMint, dcAccount: cred.dcAccountAddress(cfg.dcMint, this.wallet),
    }, bn(amount), Array.from(usageRef));
    return this.ctx.send([ix], this.me.signers);
  }

  /** As a service provider holding a delegation, spends `holder`'s credits. */
  async spendAsDelegate(holder: PublicKey, amount: Amount, usageRef: Uint8Array | number[]): Promise<SentTransaction> {
    const cfg = await this.config();
    const ix = await cred.spendCreditsIx(this.ctx.credits, {
      spender: this.wallet, network: this.network, dcMint: cfg.dcMint, dcAccount: cred.dcAccountAddress(cfg.dcMint, holder), delegated: true,
    }, bn(amount), Array.from(usageRef));
    return this.ctx.send([ix], this.me.signers);
  }

  /** Lets `provider` spend up to `allowance` of this customer's credits (sets, raises or lowers). */
  async delegate(provider: PublicKey, allowance: Amount): Promise<SentTransaction> {
    const dcAccount = await this.creditsAccount();
    return this.ctx.send([await cred.setDelegationIx(this.ctx.credits, { holder: this.wallet, network: this.network, dcAccount, delegate: provider }, bn(allowance))], this.me.signers);
  }

  /** Removes `provider`'s delegation (its rent returns to this customer). */
  async revoke(provider: PublicKey): Promise<SentTransaction> {
    const dcAccount = await this.creditsAccount();
    return this.ctx.send([await cred.revokeDelegationIx(this.ctx.credits, { holder: this.wallet, dcAccount, delegate: provider })], this.me.signers);
  }

  /** What `provider` may still spend of this customer's credits. */
  async allowance(provider: PublicKey): Promise<bigint> {
    const d = await fetchDelegation(this.ctx.credits, await this.creditsAccount(), provider);
    return d ? BigInt(d.allowance.toString()) : 0n;
  }

  /** The customer's token and credit balances (0 for accounts that do not exist). */
  async balances(): Promise<Balances> {
    const cfg = await this.config();
    return {
      tokens: await this.balanceOf(getAssociatedTokenAddressSync(cfg.tokenMint, this.wallet, true), TOKEN_PROGRAM_ID),
      credits: await this.balanceOf(cred.dcAccountAddress(cfg.dcMint, this.wallet)),
    };
  }

  private async balanceOf(account: PublicKey, program = TOKEN_2022_PROGRAM_ID): Promise<bigint> {
    try {
      return (await getAccount(this.ctx.provider.connection, account, "confirmed", program)).amount;
    } catch {
      return 0n;
    }
  }
}
