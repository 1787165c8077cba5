// Reports and devices for the policy and close tests, built directly (the policies see reports
// after the node verified them, so signatures are not their concern).
import { createHash, randomBytes } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { AcceptedReport, ReportPayload, REPORT_VERSION } from "../../sdk/src/reports/types";
import { DeviceInfo, PolicyInput } from "../../sdk/src/oracle-node/policies/policy";
import { CellDistance } from "../../sdk/src/oracle-node/policies/coverage";

export const EPOCH_LEN = 86_400;
export const GENESIS = 1_700_000_000;

/** Stand-in for H3 in tests: cell = x · 2^32 + y on a square grid, distance = Chebyshev steps; 0 is no cell. */
export const cell = (x: number, y: number): bigint => (BigInt(x) << 32n) | BigInt(y);
export const gridDistance: CellDistance = (a, b) => {
  if (a === 0n || b === 0n) return null;
  const dx = Number(a >> 32n) - Number(b >> 32n);
  const dy = Number(a & 0xffffffffn) - Number(b & 0xffffffffn);
  return Math.max(Math.abs(dx), Math.abs(dy));
};

export class World {
  readonly devices = new Map<string, DeviceInfo>();
  readonly reports: AcceptedReport[] = [];
  readonly paidCredits = new Map<string, bigint>();
  constructor(
    readonly epoch = 3,
    readonly network: PublicKey = Keypair.generate().publicKey,
  ) {}

  get epochStart(): number {
    return GENESIS + this.epoch * EPOCH_LEN;
  }

  operator(): PublicKey {
    return Keypair.generate().publicKey;
  }

  device(operator: PublicKey, at: bigint = cell(0, 0), active = true): PublicKey {
    const device = Keypair.generate().publicKey;
    this.devices.set(device.toBase58(), { device, operator, cell: at, kind: 0, active });
    return device;
  }

  report(device: PublicKey, payload: ReportPayload, opts: { at?: number; epoch?: number; network?: PublicKey } = {}): AcceptedReport {
    const r: AcceptedReport = {
      version: REPORT_VERSION,
      network: opts.network ?? this.network,
      device,
      epoch: opts.epoch ?? this.epoch,
      timestamp: this.epochStart + (opts.at ?? 60),
      nonce: BigInt("0x" + randomBytes(8).toString("hex")),
      payload,
      signature: new Uint8Array(64),
      id: createHash("sha256").update(randomBytes(32)).digest("hex"),
      operator: this.devices.get(device.toBase58())?.operator ?? PublicKey.default,
    };
    this.reports.push(r);
    return r;
  }

  heartbeat(device: PublicKey, at: number, opts: { epoch?: number; network?: PublicKey } = {}): AcceptedReport {
    return this.report(device, { kind: "heartbeat" }, { ...opts, at });
  }

  witness(reporter: PublicKey, witnessed: PublicKey, from: bigint): AcceptedReport {
    return this.report(reporter, { kind: "witness", witnessed, cell: from });
  }

  work(device: PublicKey, units: bigint, customer: PublicKey = PublicKey.default): AcceptedReport {
    return this.report(device, { kind: "work", units, customer });
  }

  input(reports: AcceptedReport[] = this.reports): PolicyInput {
    return { network: this.network, epoch: this.epoch, epochStart: this.epochStart, epochLengthSecs: EPOCH_LEN, reports, devices: this.devices, paidCredits: this.paidCredits };
  }
}

/** Deterministic Fisher–Yates shuffle (seeded), so a failing order can be replayed. */
export function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
