// A device maker: posts its maker stake, co-signs the devices it builds and may pre-pay their
// onboarding fees from its own credits.
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { GroundworkContext } from "./context";
import { SentTransaction } from "../tx";
import * as net from "../network/instructions";
import { fetchMaker, fetchNetwork, fetchOperator, makerKinds, MakerAccount } from "../network/accounts";
import { DeviceSpec } from "./operator";
import { feePayment } from "./fees";
import { MakerAttestation, signAttestation } from "../network/attestation";

type Amount = BN | number | bigint;

/** A maker's state in a network, as `status()` reads it. */
export interface MakerStatus {
  approved: boolean;
  revoked: boolean;
  kinds: number[];
  stakeRequired: bigint;
  /** Active stake in the maker key's operator account. */
  activeStake: bigint;
  devicesOnboarded: bigint;
  jailed: boolean;
  maker: MakerAccount | null;
}

/** A device maker of one network; `makerKey` is the key that signs in the factory. */
export class MakerClient {
  constructor(private readonly ctx: GroundworkContext, readonly network: PublicKey, readonly makerKey: Keypair) {}

  /**
   * Posts maker stake: creates the maker key's operator account when missing and stakes `amount`
   * from `source` (default: the maker's associated token account) into the network's stake vault.
   */
  async stake(amount: Amount, source?: PublicKey): Promise<SentTransaction> {
    const ixs: TransactionInstruction[] = [];
    if (!(await fetchOperator(this.ctx.network, this.network, this.makerKey.publicKey))) {
      ixs.push(await net.registerOperatorIx(this.ctx.network, { payer: this.ctx.payer, authority: this.makerKey.publicKey, network: this.network }));
    }
    const mint = (await fetchNetwork(this.ctx.network, this.network)).mint;
    const from = source ?? getAssociatedTokenAddressSync(mint, this.makerKey.publicKey, true);
    ixs.push(await net.stakeIx(this.ctx.network, { authority: this.makerKey.publicKey, network: this.network, source: from, amount }));
    return this.ctx.send(ixs, [this.makerKey]);
  }

  /**
   * The `register_device` instruction for `operatorWallet`'s new device, co-signed by this maker
   * (sign it with the maker key, the operator's wallet and the device key). With `prepay` the
   * maker pays the onboarding fee from its own credits; otherwise the operator does.
   */
  async registrationInstruction(operatorWallet: PublicKey, deviceKey: PublicKey, spec: DeviceSpec, prepay = true): Promise<TransactionInstruction> {
    const payer = prepay ? this.makerKey.publicKey : operatorWallet;
    const { payment, feeSchedule } = await feePayment(this.ctx, this.network, spec.kind, "onboarding", payer);
    return net.registerDeviceIx(this.ctx.network, {
      payer: this.ctx.payer, authority: operatorWallet, network: this.network, deviceKey, ...spec, maker: this.makerKey.publicKey, fee: payment, feeSchedule,
    });
  }

  /** Onboards `device` for `operator` in one transaction: the maker co-signs and (with `prepay`) pays the fee. */
  async coSign(operator: Keypair, device: Keypair, spec: DeviceSpec, prepay = true): Promise<SentTransaction> {
    const ix = await this.registrationInstruction(operator.publicKey, device.publicKey, spec, prepay);
    return this.ctx.send([ix], [operator, device, this.makerKey]);
  }

  /**
   * Attests, offline at manufacture, that `deviceKey` of `kind` is this maker's device: no
   * connection is used. Ship the result with the device (`encodeAttestation` / `attestationToHex`);
   * its owner onboards it later with `operator.registerDevice(device, spec, { attestation })`
   * even if this maker no longer answers, as long as the maker stays approved and staked.
   */
  attestDevice(deviceKey: PublicKey, kind: number): MakerAttestation {
    return signAttestation(this.makerKey, this.network, deviceKey, kind);
  }

  async status(): Promise<MakerStatus> {
    const [m, op] = await Promise.all([
      fetchMaker(this.ctx.network, this.network, this.makerKey.publicKey),
      fetchOperator(this.ctx.network, this.network, this.makerKey.publicKey),
    ]);
    const big = (v: BN | undefined) => BigInt((v ?? new BN(0)).toString());
    return {
      approved: m !== null && m.revoked === 0,
      revoked: m !== null && m.revoked !== 0,
      kinds: m ? makerKinds(m) : [],
      stakeRequired: big(m?.stakeRequired),
      activeStake: big(op?.activeStake),
      devicesOnboarded: big(m?.devicesOnboarded),
      jailed: (op?.jailed ?? 0) !== 0,
      maker: m,
    };
  }
}
