// The DePIN team: creates and governs a network, its credits and its rewards.
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, createTransferInstruction } from "@solana/spl-token";
import { GroundworkContext, actor } from "./context";
import { SlashProposalRef } from "./oracle";
import { SentTransaction } from "../tx";
import * as net from "../network/instructions";
import * as cred from "../credits/instructions";
import * as rew from "../rewards/instructions";
import { networkPda, operatorPda, stakeVaultPda } from "../network/pda";
import { rewardsVaultPda } from "../rewards/pda";

type Amount = BN | number | bigint;
const bn = (n: Amount) => new BN(n.toString());

/** The credits configuration of a network: price mode and circuit breaker. */
export interface CreditsSetup {
  /** "fixed": `creditsPerToken` credits per base unit of token; "oracle": Pyth price. */
  mode: "fixed" | "oracle";
  creditsPerToken?: Amount;
  /** USD per credit ×1e8 (default 1,000 = $0.00001). */
  usdPerCreditE8?: Amount;
  priceUpdate?: PublicKey;
  feedId?: number[];
  maxPriceAgeSecs?: Amount;
  maxConfBps?: number;
  /** k in price − k·conf, in basis points (10,000 = 1×). */
  confKBps?: number;
  breakerWindowSecs: Amount;
  breakerMaxCredits: Amount;
}

/** The rewards configuration of a network: funding mode, emission schedule, caps and split. */
export interface RewardsSetup {
  /** "mint": the rewards program mints emissions (holds the mint authority); "vault": the team funds a vault. */
  fundingMode: "mint" | "vault";
  /** Up to 8 entries with strictly increasing unix start times; an epoch emits the entry in effect at its start. */
  schedule: { startTs: Amount; emissionPerEpoch: Amount }[];
  /** Hard cap on everything ever emitted: mint mode counts the mint's supply at setup plus every emission (burns give no room back); vault mode counts the emissions. */
  supplyCap: Amount;
  /** Operators' share of each epoch's emission, basis points; the rest goes to the treasury. */
  operatorBps: number;
  /** At most this much of the previous epoch's burn is re-emitted per epoch. */
  netEmissionCap: Amount;
  /** Seconds a finalized root waits, vetoable by the authority, before claims use it (default 0: at once; at most one epoch). */
  rootActivationDelaySecs?: Amount;
}

/** Everything `createNetwork` needs: the token, the network parameters, the oracle set, and optional credits and rewards. */
export interface NetworkConfig {
  /** The network's token; one network per mint. */
  mint: PublicKey;
  /** Token account receiving slashed stake and the treasury share; default: the authority's ATA. */
  treasury?: PublicKey;
  /** Length of an epoch (immutable): the clock of credits tallies and reward epochs. */
  epochLengthSecs: Amount;
  /** Stake each active device needs behind it. */
  stakePerDevice: Amount;
  /** Least active stake an operator keeps. */
  minOperatorStake: Amount;
  /** Time from unstaking to withdrawal (the stake stays slashable). */
  unbondingSecs: Amount;
  /** Time the authority has to veto an approved slash before anyone may execute it. */
  slashDisputeWindowSecs: Amount;
  /** Largest share of an operator's stake one slash takes, basis points. */
  maxSlashBps: number;
  /** Where slashed stake goes. */
  slashDestination: "treasury" | "burn";
  /** Oracle keys (at most 16). */
  oracles: PublicKey[];
  /** Oracle approvals needed for a root or a slash (m of n). */
  oracleThreshold: number;
  /** Initialize the credits program for this network too. */
  credits?: CreditsSetup;
  /** Initialize the rewards program for this network too. */
  rewards?: RewardsSetup;
}

/** The addresses `createNetwork` set up and the transactions it sent. */
export interface CreatedNetwork {
  network: PublicKey;
  stakeVault: PublicKey;
  treasury: PublicKey;
  dcMint?: PublicKey;
  rewardsVault?: PublicKey;
  transactions: SentTransaction[];
}

/** The credits program's instruction arguments for `c`, with defaults filled in. */
export function creditsParams(c: CreditsSetup): cred.CreditsParams {
  return {
    priceMode: c.mode === "fixed" ? cred.PRICE_MODE_FIXED : cred.PRICE_MODE_ORACLE,
    creditsPerToken: bn(c.creditsPerToken ?? 0),
    usdPerCreditE8: bn(c.usdPerCreditE8 ?? cred.DEFAULT_USD_PER_CREDIT_E8),
    priceUpdate: c.priceUpdate ?? PublicKey.default,
    feedId: c.feedId ?? Array(32).fill(0),
    maxPriceAgeSecs: bn(c.maxPriceAgeSecs ?? 60),
    maxConfBps: c.maxConfBps ?? 200,
    confKBps: c.confKBps ?? 10_000,
    breakerWindowSecs: bn(c.breakerWindowSecs),
    breakerMaxCredits: bn(c.breakerMaxCredits),
  };
}

/** The rewards program's instruction arguments for `r`. */
export function rewardsParams(r: RewardsSetup): rew.RewardsParams {
  return {
    supplyCap: bn(r.supplyCap),
    operatorBps: r.operatorBps,
    netEmissionCap: bn(r.netEmissionCap),
    schedule: r.schedule.map((e) => ({ startTs: bn(e.startTs), emissionPerEpoch: bn(e.emissionPerEpoch) })),
  };
}

/** The DePIN team (network authority): creates and governs a network, its credits and rewards. */
export class TeamClient {
  private readonly me: { key: PublicKey; signers: Keypair[] };

  constructor(private readonly ctx: GroundworkContext, authority?: Keypair) {
    this.me = actor(ctx, authority);
  }

  /** The key acting as the network authority. */
  get authority(): PublicKey {
    return this.me.key;
  }

  /**
   * Creates a network for `config.mint` with its credits and rewards configuration, in as few
   * transactions as fit. In rewards mint mode the mint authority (held by this authority) is
   * handed to the rewards program's PDA in the same flow.
   */
  async createNetwork(config: NetworkConfig): Promise<CreatedNetwork> {
    const { ctx } = this;
    const network = networkPda(config.mint, this.authority);
    const treasury = config.treasury ?? getAssociatedTokenAddressSync(config.mint, this.authority, true);
    const ixs: TransactionInstruction[] = [];
    const signers: Keypair[] = [...this.me.signers];
    if (!config.treasury) ixs.push(createAssociatedTokenAccountIdempotentInstruction(ctx.payer, treasury, this.authority, config.mint));
    ixs.push(
      await net.initializeNetworkIx(ctx.network, {
        payer: ctx.payer, authority: this.authority, mint: config.mint, treasury,
        epochLengthSecs: config.epochLengthSecs, stakePerDevice: config.stakePerDevice, minOperatorStake: config.minOperatorStake,
        unbondingSecs: config.unbondingSecs, slashDisputeWindowSecs: config.slashDisputeWindowSecs, maxSlashBps: config.maxSlashBps,
        slashDestination: net.SLASH_DESTINATION[config.slashDestination], oracleThreshold: config.oracleThreshold, oracles: config.oracles,
      }),
    );
    let dcMint: PublicKey | undefined;
    if (config.credits) {
      const mintKey = Keypair.generate();
      dcMint = mintKey.publicKey;
      signers.push(mintKey);
      ixs.push(...(await cred.createDcMintInstructions(ctx.provider.connection, ctx.payer, mintKey, network)));
      ixs.push(await cred.initializeCreditsIx(ctx.credits, { payer: ctx.payer, authority: this.authority, network, dcMint, tokenMint: config.mint }, creditsParams(config.credits)));
    }
    let rewardsVault: PublicKey | undefined;
    if (config.rewards) {
      const mode = config.rewards.fundingMode === "mint" ? rew.FundingMode.Mint : rew.FundingMode.Vault;
      if (mode === rew.FundingMode.Mint) ixs.push(rew.handOverMintAuthority(config.mint, this.authority, network));
      ixs.push(await rew.initializeRewards(ctx.rewards, { ...rewardsParams(config.rewards), payer: ctx.payer, authority: this.authority, network, mint: config.mint, fundingMode: mode }));
      const delay = bn(config.rewards.rootActivationDelaySecs ?? 0);
      if (!delay.isZero()) ixs.push(await rew.setRootActivationDelay(ctx.rewards, this.authority, network, delay));
      rewardsVault = rewardsVaultPda(network);
    }
    const transactions = await ctx.sendPacked(ixs, signers);
    return { network, stakeVault: stakeVaultPda(network), treasury, dcMint, rewardsVault, transactions };
  }

  /**
   * Sets the network's mutable parameters (all six at once). A shorter unbonding period or
   * dispute window or a higher slash cap is queued until the timelock passes (see
   * `pendingGovernance`); anything else applies at once.
   */
  async updateParams(network: PublicKey, params: net.NetworkParams): Promise<SentTransaction> {
    return this.ctx.send([await net.updateParamsIx(this.ctx.network, { authority: this.authority, network, ...params })], this.me.signers);
  }

  /**
   * Replaces the oracle set and its threshold (approvals by removed oracles stop counting).
   * Removing keys or raising the threshold applies at once; adding a key or lowering the
   * threshold is queued behind the timelock.
   */
  async setOracles(network: PublicKey, oracles: PublicKey[], threshold: number): Promise<SentTransaction> {
    return this.ctx.send([await net.setOraclesIx(this.ctx.network, { authority: this.authority, network, oracles, threshold })], this.me.signers);
  }

  /** Sets the pause flags (`PAUSE.staking | PAUSE.registration | PAUSE.slashing`; 0 resumes all). */
  async setPaused(network: PublicKey, paused: number): Promise<SentTransaction> {
    return this.ctx.send([await net.setPausedIx(this.ctx.network, { authority: this.authority, network, paused })], this.me.signers);
  }

  /** Step one of a handover: the current authority keeps control until `newAuthority` accepts. */
  async proposeAuthority(network: PublicKey, newAuthority: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await net.proposeAuthorityIx(this.ctx.network, { authority: this.authority, network, newAuthority })], this.me.signers);
  }

  /** Step two, signed by the proposed authority (this client's signer). */
  async acceptAuthority(network: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await net.acceptAuthorityIx(this.ctx.network, { newAuthority: this.authority, network })], this.me.signers);
  }

  /** Clears the jailed flag of the operator owned by `operatorWallet`. */
  async unjail(network: PublicKey, operatorWallet: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await net.unjailOperatorIx(this.ctx.network, { authority: this.authority, network, operator: operatorPda(network, operatorWallet) })], this.me.signers);
  }

  /** Vetoes a slash proposal, any time before it can be executed. */
  async vetoSlash(network: PublicKey, proposal: SlashProposalRef): Promise<SentTransaction> {
    return this.ctx.send([await net.vetoSlashIx(this.ctx.network, { authority: this.authority, network, operator: proposal.operator, evidenceHash: proposal.evidenceHash })], this.me.signers);
  }

  /** Queues a new treasury (token account of the network mint); it applies after the timelock (`applyGovernance`). */
  async setTreasury(network: PublicKey, treasury: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await net.setTreasuryIx(this.ctx.network, { authority: this.authority, network, treasury })], this.me.signers);
  }

  /** Drops a queued governance change (`net.GOVERNANCE_KIND`). */
  async cancelGovernance(network: PublicKey, kind: net.GovernanceKind): Promise<SentTransaction> {
    return this.ctx.send([await net.cancelGovernanceIx(this.ctx.network, { authority: this.authority, network, kind })], this.me.signers);
  }

  /** Replaces the credits configuration (price mode and parameters, circuit breaker). */
  async updateCredits(network: PublicKey, credits: CreditsSetup): Promise<SentTransaction> {
    return this.ctx.send([await cred.updateCreditsConfigIx(this.ctx.credits, { authority: this.authority, network }, creditsParams(credits))], this.me.signers);
  }

  /** Pauses (or resumes) buying and spending credits. */
  async setCreditsPaused(network: PublicKey, paused: boolean): Promise<SentTransaction> {
    return this.ctx.send([await cred.setCreditsPausedIx(this.ctx.credits, { authority: this.authority, network }, paused)], this.me.signers);
  }

  /** Updates the rewards cap, split, net-emission cap and schedule (entries already in effect cannot change). */
  async updateRewards(network: PublicKey, rewards: RewardsSetup): Promise<SentTransaction> {
    return this.ctx.send([await rew.updateRewardsConfig(this.ctx.rewards, this.authority, network, rewardsParams(rewards))], this.me.signers);
  }

  /** Pauses (or resumes) epoch votes and claims. */
  /** Sets the root activation delay: finalized roots wait this long, vetoable, before claims use them (0: at once). */
  async setRootActivationDelay(network: PublicKey, delaySecs: Amount): Promise<SentTransaction> {
    return this.ctx.send([await rew.setRootActivationDelay(this.ctx.rewards, this.authority, network, bn(delaySecs))], this.me.signers);
  }

  /** Vetoes the root waiting out its activation delay; claims keep using the active root. */
  async vetoPendingRoot(network: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await rew.vetoPendingRoot(this.ctx.rewards, this.authority, network)], this.me.signers);
  }

  async setRewardsPaused(network: PublicKey, paused: boolean): Promise<SentTransaction> {
    return this.ctx.send([await rew.setPaused(this.ctx.rewards, this.authority, network, paused)], this.me.signers);
  }

  /** Vault mode: moves `amount` from the authority's `source` token account into the rewards vault. */
  async fundRewardsVault(network: PublicKey, source: PublicKey, amount: Amount): Promise<SentTransaction> {
    return this.ctx.send([createTransferInstruction(source, rewardsVaultPda(network), this.authority, BigInt(amount.toString()))], this.me.signers);
  }

  /** Clears the votes of an epoch whose oracles disagreed, so they can vote again. */
  async clearEpochVotes(network: PublicKey, epoch: number): Promise<SentTransaction> {
    return this.ctx.send([await rew.clearEpochVotes(this.ctx.rewards, this.authority, network, epoch)], this.me.signers);
  }
}
