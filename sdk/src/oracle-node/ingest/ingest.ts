// Report verification: every check a report passes before the node stores it, cheapest first
// (shape, version, network, time, then the signature, and only signed reports reach the chain
// mirror, the rate limiter and the database). A rejected report is never stored and is counted by
// its reason; docs/oracle.md lists the codes.
import { DeviceReport } from "../../reports/types";
import { KIND_CODE, ReportFormatError, WireReport, encodeReportMessage, fromWire, reportId } from "../../reports/format";
import { SignatureVerifier } from "./verifier";
import { keyBase58, keyBytes } from "../../reports/keys";
import { ChainMirror } from "../chain/mirror";
import { IngestLimits } from "../config/config";
import { OracleStore, StoredReport } from "../storage/store";

export const REJECTIONS = {
  bad_shape: 400,
  bad_version: 400,
  wrong_network: 400,
  bad_signature: 401,
  unknown_device: 403,
  inactive_device: 403,
  operator_jailed: 403,
  timestamp_outside_epoch: 422,
  late_report: 422,
  duplicate: 409,
  rate_limited: 429,
} as const;

export type RejectionCode = keyof typeof REJECTIONS;

export class Rejection extends Error {
  constructor(readonly code: RejectionCode, message: string) {
    super(message);
    this.name = "Rejection";
  }

  get status(): number {
    return REJECTIONS[this.code];
  }
}

export type IngestOutcome = { id: string; accepted: true } | { accepted: false; code: RejectionCode; message: string; id?: string };

/** Where a report comes from: a device (live: its arrival must be on time) or a peer's set (merge). */
export type ReportSource = "device" | "peer";

/** A fixed-window counter per device; windows are short, so the map is swept when a window turns. */
class RateLimiter {
  private window = -1;
  private counts = new Map<string, number>();
  constructor(private readonly limit: number, private readonly windowSecs: number) {}

  take(device: string, nowMs: number): boolean {
    const w = Math.floor(nowMs / 1000 / this.windowSecs);
    if (w !== this.window) {
      this.window = w;
      this.counts = new Map();
    }
    const n = (this.counts.get(device) ?? 0) + 1;
    if (n > this.limit) return false;
    this.counts.set(device, n);
    return true;
  }
}

export interface IngestStats {
  onAccepted(n: number): void;
  onRejected(code: RejectionCode, n?: number): void;
}

export class Ingest {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly mirror: ChainMirror,
    private readonly store: OracleStore,
    private readonly limits: IngestLimits,
    private readonly stats: IngestStats,
    /** Epochs closed (or closing) here: their report set is frozen. */
    private readonly isClosed: (epoch: number) => boolean,
    private readonly verifier: SignatureVerifier = new SignatureVerifier(0),
  ) {
    this.limiter = new RateLimiter(limits.ratePerDevice, limits.rateWindowSecs);
  }

  /** Shape, version, network and time: the checks before the signature (no I/O). */
  private precheck(input: WireReport | DeviceReport, source: ReportSource): { report: DeviceReport; message: Buffer } {
    let report: DeviceReport;
    let message: Buffer;
    try {
      report = "payload" in input ? input : fromWire(input);
      message = encodeReportMessage(report);
    } catch (e) {
      if (e instanceof ReportFormatError) throw new Rejection(e.code, e.message);
      throw new Rejection("bad_shape", (e as Error).message);
    }
    if (!report.network.equals(this.mirror.network)) throw new Rejection("wrong_network", `the report is for network ${report.network.toBase58()}, this node serves ${this.mirror.network.toBase58()}`);

    const tol = this.limits.timestampToleranceSecs;
    const start = this.mirror.epochStart(report.epoch);
    const end = start + this.mirror.epochLengthSecs;
    const now = this.mirror.now();
    if (report.timestamp < start - tol || report.timestamp >= end + tol) {
      throw new Rejection("timestamp_outside_epoch", `timestamp ${report.timestamp} is outside epoch ${report.epoch} [${start}, ${end}) ± ${tol} s`);
    }
    if (report.timestamp > now + tol) throw new Rejection("timestamp_outside_epoch", `timestamp ${report.timestamp} is in the future (now ${now}, tolerance ${tol} s)`);
    if (this.isClosed(report.epoch) || (source === "device" && now >= end + tol)) {
      throw new Rejection("late_report", `epoch ${report.epoch} ended at ${end}; reports are taken until ${end + tol}`);
    }
    return { report, message };
  }

  /** Device registered and active, operator not jailed, rate limit: the checks after the signature. */
  private async chainCheck(report: DeviceReport, message: Buffer, source: ReportSource): Promise<StoredReport> {
    // The device key in base58 once per report: it keys the rate limiter and the stored row.
    const deviceKey = keyBase58(report.device);
    const device = await this.mirror.device(report.device, deviceKey);
    if (!device) throw new Rejection("unknown_device", `device ${deviceKey} is not registered in this network`);
    if (!device.active) throw new Rejection("inactive_device", `device ${deviceKey} is deactivated`);
    const operator = this.mirror.operator(device.operatorAccount);
    if (!operator) throw new Rejection("unknown_device", `device ${deviceKey} has no operator in this network`);
    if (operator.jailed) throw new Rejection("operator_jailed", `operator ${operator.wallet.toBase58()} is jailed`);
    if (source === "device" && !this.limiter.take(deviceKey, Date.now())) {
      throw new Rejection("rate_limited", `device ${deviceKey} sent more than ${this.limits.ratePerDevice} reports in ${this.limits.rateWindowSecs} s`);
    }
    return {
      id: Buffer.from(reportId(message), "hex"), epoch: report.epoch, device: deviceKey, operator: keyBase58(operator.wallet),
      kind: KIND_CODE[report.payload.kind], timestamp: report.timestamp, message, signature: Buffer.from(report.signature),
    };
  }

  /**
   * Checks and stores reports; each gets an outcome. Signatures of the reports that pass the
   * first checks are verified together (across threads for large batches); the accepted reports
   * are committed in one statement before this resolves.
   */
  async ingest(inputs: Array<WireReport | DeviceReport>, source: ReportSource = "device"): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = new Array(inputs.length);
    const reject = (i: number, e: unknown) => {
      if (!(e instanceof Rejection)) throw e;
      outcomes[i] = { accepted: false, code: e.code, message: e.message };
    };
    const candidates: Array<{ i: number; report: DeviceReport; message: Buffer }> = [];
    for (let i = 0; i < inputs.length; i++) {
      try {
        candidates.push({ i, ...this.precheck(inputs[i], source) });
      } catch (e) {
        reject(i, e);
      }
    }
    const valid = await this.verifier.verify(candidates.map((c) => ({ message: c.message, signature: c.report.signature, key: keyBytes(c.report.device) })));
    const toStore: StoredReport[] = [];
    const slot = new Map<string, number>();
    for (const [k, c] of candidates.entries()) {
      try {
        if (!valid[k]) throw new Rejection("bad_signature", "the signature is not the device key's over the report");
        const r = await this.chainCheck(c.report, c.message, source);
        const id = r.id.toString("hex");
        if (slot.has(id)) {
          outcomes[c.i] = { accepted: false, code: "duplicate", message: `report ${id} appears twice in the batch`, id };
          continue;
        }
        slot.set(id, c.i);
        toStore.push(r);
      } catch (e) {
        reject(c.i, e);
      }
    }
    const stored = toStore.length > 0 ? await this.store.insertReports(toStore) : new Set<string>();
    for (const [id, i] of slot) {
      outcomes[i] = stored.has(id) ? { id, accepted: true } : { accepted: false, code: "duplicate", message: `report ${id} was already received`, id };
    }
    // Peers' reports are counted by the merge (a peer's duplicates are the normal case).
    if (source === "device") {
      let accepted = 0;
      for (const o of outcomes) {
        if (o.accepted) accepted++;
        else this.stats.onRejected(o.code);
      }
      if (accepted > 0) this.stats.onAccepted(accepted);
    }
    return outcomes;
  }
}
