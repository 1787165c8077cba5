// A hardware operator: registers, stakes, runs devices and claims rewards — from scripts.
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, getAccount } from "@solana/spl-token";
import { GroundworkContext, actor } from "./context";
import { SentTransaction } from "../tx";
import * as net from "../network/instructions";
import * as rew from "../rewards/instructions";
import { fetchDevice, fetchNetwork, fetchOperator, listOperatorDevices, NetworkAccount, OperatorAccount, DeviceAccount, Keyed } from "../network/accounts";
import { chainUnixTime, claimableRoot, fetchClaimed, fetchRewardsConfig, NoClaimableRootError, pendingRoot, readClaimView } from "../rewards/accounts";
import { OracleAnswerError, OracleApiClient, OracleApiError } from "../oracle-node/api/client";
import { ClaimProof, rootOf } from "../rewards/merkle";
import { operatorPda } from "../network/pda";
import { pack } from "../pack";
import { feePayment } from "./fees";
import { attestationInstruction, checkAttestation, MakerAttestation } from "../network/attestation";

type Amount = BN | number | bigint;

/** What a device is registered with. */
export interface DeviceSpec {
  /** Device kind, defined by the network (e.g. 1 = hotspot). */
  kind: number;
  /** Location cell, e.g. an H3 index. */
  location: Amount;
  /** 32-byte hash of the device's off-chain metadata. */
  metadataHash: Uint8Array | number[];
}

/** Who co-signs and who pays when a device is onboarded (networks with makers or fees). */
export interface OnboardingOptions {
  /** The maker's factory key, co-signing (networks that require makers). */
  maker?: Keypair;
  /**
   * The maker's offline attestation of this device (`MakerClient.attestDevice`, or
   * `decodeAttestation` of what came with the device), in place of a live `maker`: for devices
   * whose maker no longer answers. The maker must still be approved, unrevoked and staked.
   */
  attestation?: MakerAttestation;
  /**
   * Who pays the kind's onboarding fee in credits: the operator (default), the maker (pre-paying
   * from its own credits), or another keypair.
   */
  feePayer?: "operator" | "maker" | Keypair;
}

/** An operator's state in a network, as `status()` reads it. */
export interface OperatorStatus {
  registered: boolean;
  activeStake: bigint;
  unbondingStake: bigint;
  /** Unix time the unbonding stake becomes withdrawable (0 when none). */
  unbondingUnlockTs: number;
  jailed: boolean;
  devices: Keyed<DeviceAccount>[];
  /** Total rewards claimed so far. */
  claimed: bigint;
}

/** A hardware operator of one network: registers, stakes, runs devices and claims rewards. */
export class OperatorClient {
  private readonly me: { key: PublicKey; signers: Keypair[] };
  private networkState?: NetworkAccount;

  constructor(private readonly ctx: GroundworkContext, readonly network: PublicKey, wallet?: Keypair | PublicKey) {
    this.me = actor(ctx, wallet);
  }

  /** The operator's wallet: owns its operator account and receives its rewards. */
  get wallet(): PublicKey {
    return this.me.key;
  }

  private async state(): Promise<NetworkAccount> {
    this.networkState ??= await fetchNetwork(this.ctx.network, this.network);
    return this.networkState;
  }

  /** The operator's token account of the network token (its associated account). */
  async tokenAccount(): Promise<PublicKey> {
    return getAssociatedTokenAddressSync((await this.state()).mint, this.wallet, true);
  }

  /** Creates the operator account of this wallet in the network. */
  async register(): Promise<SentTransaction> {
    return this.ctx.send([await net.registerOperatorIx(this.ctx.network, { payer: this.ctx.payer, authority: this.wallet, network: this.network })], this.me.signers);
  }

  /** Stakes `amount` from `source` (default: the operator's associated token account). */
  async stake(amount: Amount, source?: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await net.stakeIx(this.ctx.network, { authority: this.wallet, network: this.network, source: source ?? (await this.tokenAccount()), amount })], this.me.signers);
  }

  /** Moves `amount` of active stake into unbonding (still slashable until withdrawn). */
  async requestUnstake(amount: Amount): Promise<SentTransaction> {
    return this.ctx.send([await net.requestUnstakeIx(this.ctx.network, { authority: this.wallet, network: this.network, amount })], this.me.signers);
  }

  /** Withdraws unbonded stake after the unbonding period, to `destination` (default: the ATA, created if missing). */
  async withdraw(destination?: PublicKey): Promise<SentTransaction> {
    const mint = (await this.state()).mint;
    const to = destination ?? (await this.tokenAccount());
    const ixs = destination ? [] : [createAssociatedTokenAccountIdempotentInstruction(this.ctx.payer, to, this.wallet, mint)];
    ixs.push(await net.withdrawUnstakedIx(this.ctx.network, { authority: this.wallet, network: this.network, destination: to }));
    return this.ctx.send(ixs, this.me.signers);
  }

  /**
   * Registers `device` (its key signs: proof of possession). On a network that requires makers,
   * `options.maker` co-signs; on one that prices the kind, the onboarding fee is burned from the
   * fee payer's credits (`options.feePayer`, default the operator).
   */
  async registerDevice(device: Keypair, spec: DeviceSpec, options: OnboardingOptions = {}): Promise<SentTransaction> {
    const { attestation } = options;
    if (attestation) {
      if (options.maker) throw new Error("pass either a co-signing maker or its attestation, not both");
      checkAttestation(attestation, this.network, device.publicKey, spec.kind);
    }
    const payer = this.feePayerOf(options);
    const { payment, feeSchedule } = await feePayment(this.ctx, this.network, spec.kind, "onboarding", payer.publicKey);
    const ix = await net.registerDeviceIx(this.ctx.network, {
      payer: this.ctx.payer, authority: this.wallet, network: this.network, deviceKey: device.publicKey, ...spec,
      maker: options.maker?.publicKey ?? attestation?.makerKey, makerAttested: attestation !== undefined, fee: payment, feeSchedule,
    });
    const ixs = attestation ? [attestationInstruction(attestation), ix] : [ix];
    return this.ctx.send(ixs, [...this.me.signers, device, ...(options.maker ? [options.maker] : []), ...(payment ? payer.signers : [])]);
  }

  /** Moves an active device to another location cell, paying the kind's location fee (default: from the operator's credits). */
  async assertLocation(deviceKey: PublicKey, location: Amount, feePayer?: Keypair): Promise<SentTransaction> {
    const device = await this.device(deviceKey);
    const payer = feePayer ? { publicKey: feePayer.publicKey, signers: [feePayer] } : { publicKey: this.wallet, signers: [] };
    const { payment, feeSchedule } = await feePayment(this.ctx, this.network, device.kind, "location", payer.publicKey);
    const ix = await net.assertLocationIx(this.ctx.network, { authority: this.wallet, network: this.network, deviceKey, location, fee: payment, feeSchedule });
    return this.ctx.send([ix], [...this.me.signers, ...(payment ? payer.signers : [])]);
  }

  /**
   * Reactivates a deactivated device: its key signs again, the operator's stake must cover one
   * more device, and the kind's onboarding fee is paid again (default: from the operator's credits).
   */
  async reactivateDevice(device: Keypair, feePayer?: Keypair): Promise<SentTransaction> {
    const d = await this.device(device.publicKey);
    const payer = feePayer ? { publicKey: feePayer.publicKey, signers: [feePayer] } : { publicKey: this.wallet, signers: [] };
    const { payment, feeSchedule } = await feePayment(this.ctx, this.network, d.kind, "onboarding", payer.publicKey);
    const ix = await net.reactivateDeviceIx(this.ctx.network, { authority: this.wallet, network: this.network, deviceKey: device.publicKey, fee: payment, feeSchedule });
    return this.ctx.send([ix], [...this.me.signers, device, ...(payment ? payer.signers : [])]);
  }

  private async device(deviceKey: PublicKey): Promise<DeviceAccount> {
    const d = await fetchDevice(this.ctx.network, this.network, deviceKey);
    if (!d) throw new Error(`device ${deviceKey.toBase58()} is not registered in ${this.network.toBase58()}`);
    return d;
  }

  private feePayerOf(options: OnboardingOptions): { publicKey: PublicKey; signers: Keypair[] } {
    const p = options.feePayer ?? "operator";
    if (p === "operator") return { publicKey: this.wallet, signers: [] };
    if (p === "maker") {
      if (!options.maker) throw new Error(options.attestation ? "feePayer 'maker' needs the maker's signature; with an attestation the owner (or another keypair) pays" : "feePayer 'maker' needs options.maker");
      return { publicKey: options.maker.publicKey, signers: [options.maker] };
    }
    return { publicKey: p.publicKey, signers: [p] };
  }

  /** Deactivates a device of this operator, freeing the stake it needed. */
  async deactivateDevice(deviceKey: PublicKey): Promise<SentTransaction> {
    return this.ctx.send([await net.deactivateDeviceIx(this.ctx.network, { authority: this.wallet, network: this.network, deviceKey })], this.me.signers);
  }

  /** Moves a device to another operator; both wallets sign (`receiver` is the new operator's wallet). */
  async transferDevice(deviceKey: PublicKey, receiver: Keypair): Promise<SentTransaction> {
    const ix = await net.transferDeviceIx(this.ctx.network, { authority: this.wallet, network: this.network, newAuthority: receiver.publicKey, deviceKey });
    return this.ctx.send([ix], [...this.me.signers, receiver]);
  }

  /**
   * Sets where this operator's rewards go: a split among 1 to 4 wallets with shares in basis
   * points summing to 10,000 (e.g. operator / host / maker; the first recipient receives
   * rounding remainders). Replaces any earlier split. It applies to everything claimed after it,
   * including rewards earned before and not yet claimed: claim first to pay those under the
   * current split. Creates the claim status first when missing (the payer pays its rent and the
   * split account's).
   */
  async setRewardSplit(recipients: rew.SplitRecipientArg[]): Promise<SentTransaction> {
    const problem = rew.splitProblem(recipients, this.network);
    if (problem) throw new InvalidRewardSplitError(problem);
    const [exists] = await rew.claimStatusesExist(this.ctx.provider.connection, this.network, [this.wallet]);
    const ixs = exists ? [] : [await rew.initializeClaimStatus(this.ctx.rewards, { payer: this.ctx.payer, operator: this.wallet, network: this.network })];
    ixs.push(await rew.setRewardSplit(this.ctx.rewards, { operator: this.wallet, payer: this.ctx.payer, network: this.network, recipients }));
    return this.ctx.send(ixs, this.me.signers);
  }

  /** Sends all of this operator's rewards to another wallet (a split with one recipient). */
  async setRewardDestination(wallet: PublicKey): Promise<SentTransaction> {
    return this.setRewardSplit([{ wallet, bps: rew.SPLIT_BPS_TOTAL }]);
  }

  /** Drops the destination or split: later claims pay this operator's wallet; the split's rent comes back to it. */
  async clearRewardSplit(): Promise<SentTransaction> {
    return this.ctx.send([await rew.clearRewardSplit(this.ctx.rewards, { operator: this.wallet, network: this.network })], this.me.signers);
  }

  /** Where this operator's rewards go: its split (recipients in order, shares in basis points), or null for its own wallet. */
  async rewardSplit(): Promise<rew.RewardSplitInfo | null> {
    return rew.fetchRewardSplit(this.ctx.rewards, this.network, this.wallet);
  }

  /**
   * Claims this operator's rewards with its entry from an epoch proofs file. A first claim also
   * creates the token account and claim status, in the same transaction when it fits (deep
   * proofs: in one sent before); returns the claim's transaction. With a reward split, the
   * claim pays every recipient its share (their missing token accounts are created first).
   */
  async claim(entry: ClaimProof): Promise<SentTransaction> {
    if (entry.operator !== this.wallet.toBase58()) throw new Error(`the proof is for ${entry.operator}, not ${this.wallet.toBase58()}`);
    const mint = (await this.state()).mint;
    const ixs = await rew.claimWithAccount(this.ctx.rewards, { payer: this.ctx.payer, operator: this.wallet, network: this.network, mint, cumulativeAmount: BigInt(entry.amount), proof: entry.proof });
    let sent: SentTransaction | undefined;
    for (const t of pack(this.ctx.payer, ixs, this.me.signers)) sent = await this.ctx.send(t.instructions, t.signers);
    return sent!;
  }

  /**
   * Fetches this operator's proof from an oracle node's proofs API (`url`), checks it folds to the
   * root finalized on chain (the node is trusted for nothing), and claims. Returns null when there
   * is nothing to claim.
   */
  async claimFromOracle(url: string): Promise<(SentTransaction & { amount: bigint; claimable: bigint }) | null> {
    const notYet = async (): Promise<NoClaimableRootError> => {
      const config = await fetchRewardsConfig(this.ctx.rewards, this.network);
      const pending = pendingRoot(config, await chainUnixTime(this.ctx.provider.connection));
      return new NoClaimableRootError(this.network.toBase58(), pending?.epoch ?? null, pending?.activatesAt ?? null);
    };
    let r: Awaited<ReturnType<OracleApiClient["operatorRewards"]>>;
    try {
      r = await new OracleApiClient(url).operatorRewards(this.wallet);
    } catch (e) {
      // The node found no claimable root on chain either: say so (and when the pending one activates).
      if (e instanceof OracleApiError && e.code === "no_root") throw await notYet();
      throw e;
    }
    if (r.operator !== this.wallet.toBase58() || r.network !== this.network.toBase58()) throw new OracleAnswerError(url, `the oracle node answered for ${r.operator} in ${r.network}`);
    if (r.index === null || r.proof === null || BigInt(r.claimable) === 0n) return null;
    const { config, claimed, now } = await readClaimView(this.ctx.rewards, this.network, this.wallet);
    const claimable = claimableRoot(config, now);
    // The node's clock or RPC may be ahead of ours: its root is not claimable here yet.
    if (!claimable || claimable.epoch < r.epoch) throw await notYet();
    const onChainRoot = claimable.root;
    const amount = BigInt(r.cumulative);
    const folded = rootOf(this.network, { operator: this.wallet, amount }, r.proof.map((p) => Buffer.from(p, "hex")));
    if (!folded.equals(onChainRoot)) throw new OracleAnswerError(url, `the oracle node's proof does not lead to the on-chain root ${onChainRoot.toString("hex")} (it leads to ${folded.toString("hex")})`);
    // What is paid is the cumulative amount less what the chain says was claimed; the node's
    // `claimed` may lag (a claim that just landed, its RPC behind ours): the chain decides.
    if (claimed >= amount) return null;
    const sent = await this.claim({ operator: r.operator, amount: r.cumulative, index: r.index, proof: r.proof });
    return { ...sent, amount, claimable: amount - claimed };
  }

  /** Registration, stake, jail flag, devices and claimed rewards of this operator. */
  async status(): Promise<OperatorStatus> {
    const op: OperatorAccount | null = await fetchOperator(this.ctx.network, this.network, this.wallet);
    const devices = op ? await listOperatorDevices(this.ctx.network, this.network, operatorPda(this.network, this.wallet)) : [];
    const claimed = await fetchClaimed(this.ctx.rewards, this.network, this.wallet).catch(() => 0n);
    return {
      registered: op !== null,
      activeStake: BigInt(op?.activeStake.toString() ?? 0),
      unbondingStake: BigInt(op?.unbondingStake.toString() ?? 0),
      unbondingUnlockTs: op ? op.unbondingUnlockTs.toNumber() : 0,
      jailed: op ? op.jailed !== 0 : false,
      devices,
      claimed,
    };
  }

  /** Token balance of the operator's associated token account (0 if it does not exist). */
  async tokenBalance(): Promise<bigint> {
    try {
      return (await getAccount(this.ctx.provider.connection, await this.tokenAccount())).amount;
    } catch {
      return 0n;
    }
  }
}

/** A reward split the program would refuse, caught before sending (the message says what to fix). */
export class InvalidRewardSplitError extends Error {
  constructor(readonly problem: string) {
    super(`invalid reward split: ${problem}`);
    this.name = "InvalidRewardSplitError";
  }
}

/**
 * Claims for many operators (anyone may crank: payouts go to each operator, or its split's recipients), packing as many
 * claims per transaction as fit. `onProgress(done, total)` reports as transactions land.
 */
export async function claimBatch(
  ctx: GroundworkContext,
  network: PublicKey,
  mint: PublicKey,
  entries: ClaimProof[],
  onProgress?: (done: number, total: number) => void,
): Promise<SentTransaction[]> {
  const out: SentTransaction[] = [];
  let done = 0;
  // Claims whose proofs are long fill a transaction alone; short ones pack several.
  // First claims also create the operator's claim status, and split claims pay every recipient:
  // one lookup of statuses, splits and recipients' token accounts for the whole batch.
  const operators = entries.map((e) => new PublicKey(e.operator));
  const targets = await rew.claimTargets(ctx.rewards, network, mint, operators);
  const ixs = [];
  for (const [i, e] of entries.entries()) {
    ixs.push(...(await rew.claimWithAccount(ctx.rewards, { payer: ctx.payer, operator: operators[i], network, mint, cumulativeAmount: BigInt(e.amount), proof: e.proof }, targets[i])));
  }
  for (const t of pack(ctx.payer, ixs, [])) {
    out.push(await ctx.send(t.instructions, t.signers));
    done += t.instructions.filter((i) => rew.isClaimInstruction(ctx.rewards, i)).length;
    onProgress?.(done, entries.length);
  }
  return out;
}
