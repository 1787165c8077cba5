// What the node knows of the chain: the network's epoch clock, its devices and operators, and
// the cluster's time. Refetched every `refreshSecs` with the SDK's fetchers (one
// getProgramAccounts per account type); a device the mirror has not seen yet is fetched on demand
// (a device registered a second ago is accepted), unknown keys are remembered as unknown until
// the next refresh, and on-demand lookups are capped per second (an attacker's fresh keys cost at
// most that many RPCs per second).
import { PublicKey } from "@solana/web3.js";
import { GroundworkContext } from "../../clients/context";
import { fetchDevice, fetchNetwork, listOperators, NetworkAccount, OperatorAccount, DeviceAccount } from "../../network/accounts";
import { chainUnixTime } from "../../rewards/accounts";
import { DeviceInfo } from "../policies/policy";
import { keyBase58 } from "../../reports/keys";

export interface MirroredDevice extends DeviceInfo {
  /** The device's operator account (PDA), as the device account stores it. */
  operatorAccount: PublicKey;
}

export interface MirroredOperator {
  wallet: PublicKey;
  jailed: boolean;
}

const DEVICE_NETWORK_OFFSET = 8;
const ON_DEMAND_LOOKUPS_PER_SEC = 50;

export class ChainMirror {
  private networkState?: NetworkAccount;
  private devices = new Map<string, MirroredDevice>();
  private operators = new Map<string, MirroredOperator>();
  private unknown = new Set<string>();
  private clock = { chainTs: 0, atWallMs: 0 };
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private lookupSecond = 0;
  private lookups = 0;
  lastRefreshMs = 0;

  constructor(readonly ctx: GroundworkContext, readonly network: PublicKey, readonly refreshSecs = 30) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshSecs * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Refetches everything (concurrent callers share one refresh). */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const [state, deviceAccounts, operatorAccounts] = await Promise.all([
      fetchNetwork(this.ctx.network, this.network),
      this.ctx.network.account.device.all([{ memcmp: { offset: DEVICE_NETWORK_OFFSET, bytes: this.network.toBase58() } }]),
      listOperators(this.ctx.network, this.network),
      this.refreshClock(),
    ]);
    const operators = new Map<string, MirroredOperator>();
    for (const o of operatorAccounts) operators.set(o.publicKey.toBase58(), operatorOf(o.account));
    this.operators = operators;
    const devices = new Map<string, MirroredDevice>();
    for (const d of deviceAccounts) {
      const m = this.deviceOf(d.account);
      if (m) devices.set(m.device.toBase58(), m);
    }
    this.networkState = state;
    this.devices = devices;
    this.unknown = new Set();
    this.lastRefreshMs = Date.now();
  }

  private async refreshClock(): Promise<void> {
    const chainTs = await chainUnixTime(this.ctx.provider.connection);
    this.clock = { chainTs, atWallMs: Date.now() };
  }

  private deviceOf(a: DeviceAccount): MirroredDevice | null {
    const op = this.operators.get(a.operator.toBase58());
    if (!op) return null;
    return { device: a.deviceKey, operator: op.wallet, operatorAccount: a.operator, cell: BigInt(a.location.toString()), kind: a.kind, active: a.active !== 0 };
  }

  /** The cluster's unix time, extrapolated from the last clock read by wall time. */
  now(): number {
    return this.clock.chainTs + Math.floor((Date.now() - this.clock.atWallMs) / 1000);
  }

  get state(): NetworkAccount {
    if (!this.networkState) throw new Error("the chain mirror has not been refreshed yet");
    return this.networkState;
  }

  get epochLengthSecs(): number {
    return Number(this.state.epochLengthSecs.toString());
  }

  get genesisTs(): number {
    return Number(this.state.genesisTs.toString());
  }

  epochStart(epoch: number): number {
    return this.genesisTs + epoch * this.epochLengthSecs;
  }

  /** The epoch `ts` falls in (-1 before genesis). */
  epochAt(ts: number): number {
    return ts < this.genesisTs ? -1 : Math.floor((ts - this.genesisTs) / this.epochLengthSecs);
  }

  /** The device, fetched on demand when the last refresh did not have it; null when not registered. `base58`: the key's base58, when the caller has it. */
  async device(key: PublicKey, base58?: string): Promise<MirroredDevice | null> {
    const k = base58 ?? key.toBase58();
    const cached = this.devices.get(k);
    if (cached) return cached;
    if (this.unknown.has(k)) return null;
    // Fresh keys are free to make: on-demand lookups are budgeted per second so signed junk from
    // new keys cannot turn into unbounded RPC load; over budget, a device waits for the next refresh.
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.lookupSecond) {
      this.lookupSecond = second;
      this.lookups = 0;
    }
    if (++this.lookups > ON_DEMAND_LOOKUPS_PER_SEC) return null;
    const account = await fetchDevice(this.ctx.network, this.network, key);
    if (!account) {
      this.unknown.add(k);
      return null;
    }
    if (!this.operators.has(account.operator.toBase58())) {
      const op = await this.ctx.network.account.operator.fetchNullable(account.operator);
      if (!op) return null;
      this.operators.set(account.operator.toBase58(), operatorOf(op));
    }
    const m = this.deviceOf(account);
    if (m) this.devices.set(k, m);
    return m;
  }

  /** The operator account (PDA) of a device, as mirrored. */
  operator(operatorAccount: PublicKey): MirroredOperator | null {
    return this.operators.get(keyBase58(operatorAccount)) ?? null;
  }

  /** Every mirrored device, by base58 device key (the policies' input). */
  deviceInfos(): Map<string, DeviceInfo> {
    const out = new Map<string, DeviceInfo>();
    for (const [k, d] of this.devices) out.set(k, { device: d.device, operator: d.operator, cell: d.cell, kind: d.kind, active: d.active });
    return out;
  }

  /** Operator accounts (PDAs, base58) jailed now. */
  jailedOperatorAccounts(): Set<string> {
    const out = new Set<string>();
    for (const [account, o] of this.operators) if (o.jailed) out.add(account);
    return out;
  }

  /** The wallet of an operator account, fetched when the mirror does not have it; null if none. */
  async operatorWallet(operatorAccount: PublicKey): Promise<PublicKey | null> {
    const known = this.operators.get(operatorAccount.toBase58());
    if (known) return known.wallet;
    const op = await this.ctx.network.account.operator.fetchNullable(operatorAccount);
    return op ? op.authority : null;
  }

  get deviceCount(): number {
    return this.devices.size;
  }
}

function operatorOf(a: OperatorAccount): MirroredOperator {
  return { wallet: a.authority, jailed: a.jailed !== 0 };
}
