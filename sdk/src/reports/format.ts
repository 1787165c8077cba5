// The signed device report, byte by byte (docs/oracle.md, "Report format"):
//
//   offset size  field
//   0      18    domain tag, ASCII "groundwork:report\0" (a signature over a report is never a
//                 valid signature over a transaction or any other Groundwork message)
//   18     1     version (1)
//   19     32    network
//   51     32    device key (the signer)
//   83     8     epoch, u64 LE
//   91     8     timestamp, i64 LE (unix seconds)
//   99     8     nonce, u64 LE
//   107    1     kind: 0 heartbeat, 1 witness, 2 work
//   108    …     payload: heartbeat none; witness = witnessed device (32) ‖ cell u64 LE;
//                 work = units u64 LE ‖ customer (32)
//
// The signature is ed25519 by the device key over those bytes; the report id is sha256 of them
// (so a replay with any signature has the same id). Over HTTP a report travels as JSON
// (`WireReport`): the same fields, keys in base58, u64s as decimal strings, signature as hex.
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign as edSign, verify as edVerify } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { keyBytes, keyFromBase58 } from "./keys";
import { AcceptedReport, DeviceReport, REPORT_VERSION, ReportKind, ReportPayload } from "./types";

export const REPORT_DOMAIN = Buffer.from("groundwork:report\0", "ascii");
export const KIND_CODE: Record<ReportKind, number> = { heartbeat: 0, witness: 1, work: 2 };
const KIND_OF_CODE: ReportKind[] = ["heartbeat", "witness", "work"];
const HEADER = REPORT_DOMAIN.length + 1 + 32 + 32 + 8 + 8 + 8 + 1;
const PAYLOAD_SIZE: Record<ReportKind, number> = { heartbeat: 0, witness: 40, work: 40 };
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** A report that cannot be encoded or decoded; `code` is the node's rejection reason. */
export class ReportFormatError extends Error {
  constructor(readonly code: "bad_version" | "bad_shape", message: string) {
    super(message);
    this.name = "ReportFormatError";
  }
}

function u64(v: bigint | number, what: string): bigint {
  const b = BigInt(v);
  if (b < 0n || b > U64_MAX) throw new ReportFormatError("bad_shape", `${what} out of u64 range`);
  return b;
}

/** The exact bytes a device signs. */
export function encodeReportMessage(r: Omit<DeviceReport, "signature">): Buffer {
  if (r.version !== REPORT_VERSION) throw new ReportFormatError("bad_version", `report version ${r.version} is not supported (this node reads ${REPORT_VERSION})`);
  if (!Number.isSafeInteger(r.timestamp)) throw new ReportFormatError("bad_shape", "timestamp is not an integer");
  if (!Number.isSafeInteger(r.epoch) || r.epoch < 0) throw new ReportFormatError("bad_shape", "epoch is not a non-negative integer");
  const kind = r.payload.kind;
  const out = Buffer.alloc(HEADER + PAYLOAD_SIZE[kind]);
  let o = REPORT_DOMAIN.copy(out, 0);
  out[o++] = r.version;
  o += keyBytes(r.network).copy(out, o);
  o += keyBytes(r.device).copy(out, o);
  o = out.writeBigUInt64LE(BigInt(r.epoch), o);
  o = out.writeBigInt64LE(BigInt(r.timestamp), o);
  o = out.writeBigUInt64LE(u64(r.nonce, "nonce"), o);
  out[o++] = KIND_CODE[kind];
  const p = r.payload;
  if (p.kind === "witness") {
    o += keyBytes(p.witnessed).copy(out, o);
    out.writeBigUInt64LE(u64(p.cell, "cell"), o);
  } else if (p.kind === "work") {
    o = out.writeBigUInt64LE(u64(p.units, "units"), o);
    keyBytes(p.customer).copy(out, o);
  }
  return out;
}

/** Reads the signed bytes back (strict: exact length, known version and kind). */
export function decodeReportMessage(msg: Uint8Array, signature: Uint8Array): DeviceReport {
  const b = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  if (b.length < HEADER || !b.subarray(0, REPORT_DOMAIN.length).equals(REPORT_DOMAIN)) throw new ReportFormatError("bad_shape", "not a Groundwork report message");
  let o = REPORT_DOMAIN.length;
  const version = b[o++];
  if (version !== REPORT_VERSION) throw new ReportFormatError("bad_version", `report version ${version} is not supported`);
  const network = new PublicKey(b.subarray(o, (o += 32)));
  const device = new PublicKey(b.subarray(o, (o += 32)));
  const epoch = Number(b.readBigUInt64LE(o)); o += 8;
  const timestamp = Number(b.readBigInt64LE(o)); o += 8;
  const nonce = b.readBigUInt64LE(o); o += 8;
  const kind = KIND_OF_CODE[b[o++]];
  if (!kind) throw new ReportFormatError("bad_shape", `unknown report kind ${b[o - 1]}`);
  if (b.length !== HEADER + PAYLOAD_SIZE[kind]) throw new ReportFormatError("bad_shape", `a ${kind} report is ${HEADER + PAYLOAD_SIZE[kind]} bytes, not ${b.length}`);
  let payload: ReportPayload;
  if (kind === "witness") payload = { kind, witnessed: new PublicKey(b.subarray(o, o + 32)), cell: b.readBigUInt64LE(o + 32) };
  else if (kind === "work") payload = { kind, units: b.readBigUInt64LE(o), customer: new PublicKey(b.subarray(o + 8, o + 40)) };
  else payload = { kind };
  return { version, network, device, epoch, timestamp, nonce, payload, signature: Uint8Array.from(signature) };
}

// ed25519 through node:crypto (OpenSSL): ~5× faster than a pure-JS verifier. Keys are wrapped in
// the fixed DER prefixes of SPKI (public) and PKCS#8 (private seed) encodings.
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");

export function ed25519PublicKey(key: PublicKey | Uint8Array): KeyObject {
  const raw = key instanceof PublicKey ? key.toBuffer() : Buffer.from(key);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: "der", type: "spki" });
}

/** Signs `message` with a Solana keypair's ed25519 key. */
export function ed25519Sign(signer: Keypair, message: Uint8Array): Buffer {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, Buffer.from(signer.secretKey.subarray(0, 32))]), format: "der", type: "pkcs8" });
  return edSign(null, message, key);
}

export function ed25519Verify(signer: PublicKey | Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return edVerify(null, message, ed25519PublicKey(signer), signature);
  } catch {
    return false;
  }
}

/** The report id: hex sha256 of the signed message. */
export function reportId(message: Uint8Array): string {
  return createHash("sha256").update(message).digest("hex");
}

export interface UnsignedReport {
  network: PublicKey;
  epoch: number;
  timestamp: number;
  /** Default: random. */
  nonce?: bigint;
  payload: ReportPayload;
}

/** Builds and signs a report with the device's keypair. */
export function signReport(device: Keypair, r: UnsignedReport): DeviceReport {
  const nonce = r.nonce ?? Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).readBigUInt64LE(0);
  const unsigned = { version: REPORT_VERSION, network: r.network, device: device.publicKey, epoch: r.epoch, timestamp: r.timestamp, nonce, payload: r.payload };
  return { ...unsigned, signature: ed25519Sign(device, encodeReportMessage(unsigned)) };
}

/** Whether the device key signed the report. */
export function verifyReport(r: DeviceReport): boolean {
  return ed25519Verify(r.device, encodeReportMessage(r), r.signature);
}

/** A report as JSON over HTTP. */
export interface WireReport {
  version: number;
  network: string;
  device: string;
  epoch: number;
  timestamp: number;
  nonce: string;
  kind: ReportKind;
  /** witness: the heard device (base58). */
  witnessed?: string;
  /** witness: the reporter's cell (u64 decimal). */
  cell?: string;
  /** work: units delivered (u64 decimal). */
  units?: string;
  /** work: the paying customer's wallet (base58). */
  customer?: string;
  /** 64 bytes, hex. */
  signature: string;
}

export function toWire(r: DeviceReport): WireReport {
  const w: WireReport = {
    version: r.version, network: r.network.toBase58(), device: r.device.toBase58(), epoch: r.epoch, timestamp: r.timestamp,
    nonce: r.nonce.toString(), kind: r.payload.kind, signature: Buffer.from(r.signature).toString("hex"),
  };
  const p = r.payload;
  if (p.kind === "witness") Object.assign(w, { witnessed: p.witnessed.toBase58(), cell: p.cell.toString() });
  if (p.kind === "work") Object.assign(w, { units: p.units.toString(), customer: p.customer.toBase58() });
  return w;
}

function wireKey(v: string | undefined, field: string): PublicKey {
  if (typeof v !== "string") throw new ReportFormatError("bad_shape", `${field} is missing`);
  let k: PublicKey;
  try {
    k = keyFromBase58(v);
  } catch {
    throw new ReportFormatError("bad_shape", `${field} is not a base58 public key`);
  }
  return k;
}

function wireU64(v: string | undefined, field: string): bigint {
  if (typeof v !== "string" || !/^\d{1,20}$/.test(v)) throw new ReportFormatError("bad_shape", `${field} must be a decimal u64 string`);
  return u64(BigInt(v), field);
}

const WIRE_FIELDS = new Set(["version", "network", "device", "epoch", "timestamp", "nonce", "kind", "witnessed", "cell", "units", "customer", "signature"]);

/** Parses the JSON form (whatever its source: never trust a field's type). */
export function fromWire(w: WireReport): DeviceReport {
  if (w === null || typeof w !== "object" || Array.isArray(w)) throw new ReportFormatError("bad_shape", "a report is a JSON object");
  for (const k of Object.keys(w)) if (!WIRE_FIELDS.has(k)) throw new ReportFormatError("bad_shape", `unknown field "${k}"`);
  if (!Number.isSafeInteger(w.version)) throw new ReportFormatError("bad_shape", "version must be an integer");
  if (w.version !== REPORT_VERSION) throw new ReportFormatError("bad_version", `report version ${String(w.version)} is not supported (this node reads ${REPORT_VERSION})`);
  if (!Number.isSafeInteger(w.epoch) || w.epoch < 0) throw new ReportFormatError("bad_shape", "epoch must be a non-negative integer");
  if (!Number.isSafeInteger(w.timestamp) || BigInt(w.timestamp) < I64_MIN || BigInt(w.timestamp) > I64_MAX) throw new ReportFormatError("bad_shape", "timestamp must be an integer");
  if (typeof w.signature !== "string" || !/^[0-9a-fA-F]{128}$/.test(w.signature)) throw new ReportFormatError("bad_shape", "signature must be 64 bytes of hex");
  let payload: ReportPayload;
  if (w.kind === "heartbeat") payload = { kind: "heartbeat" };
  else if (w.kind === "witness") payload = { kind: "witness", witnessed: wireKey(w.witnessed, "witnessed"), cell: wireU64(w.cell, "cell") };
  else if (w.kind === "work") payload = { kind: "work", units: wireU64(w.units, "units"), customer: wireKey(w.customer, "customer") };
  else throw new ReportFormatError("bad_shape", `unknown report kind ${String(w.kind)}`);
  return {
    version: w.version, network: wireKey(w.network, "network"), device: wireKey(w.device, "device"), epoch: w.epoch, timestamp: w.timestamp,
    nonce: wireU64(w.nonce, "nonce"), payload, signature: Buffer.from(w.signature, "hex"),
  };
}

/** An accepted report from its stored bytes. */
export function acceptedFromStored(message: Uint8Array, signature: Uint8Array, operator: PublicKey): AcceptedReport {
  return { ...decodeReportMessage(message, signature), id: reportId(message), operator };
}
