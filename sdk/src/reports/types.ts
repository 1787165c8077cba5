// Signed device reports: what a device (or its firmware) tells the oracle nodes about the work it
// did. The binary encoding, signing and verification live beside this file (format.ts); this
// file is the shape every part of the off-chain half agrees on.
import { PublicKey } from "@solana/web3.js";

/** Report format version carried in every signed message. */
export const REPORT_VERSION = 1;

export type ReportKind = "heartbeat" | "witness" | "work";

/** The device is up (sensors, storage, compute availability). */
export interface HeartbeatPayload {
  kind: "heartbeat";
}

/** The reporting device heard `witnessed` (radio coverage) while located in `cell`. */
export interface WitnessPayload {
  kind: "witness";
  /** Device key of the device that was heard. */
  witnessed: PublicKey;
  /** The reporter's location cell (H3 index as u64) when it heard the other device. */
  cell: bigint;
}

/** Units of service delivered (GPU-seconds, GB served, kWh, map tiles) to `customer`. */
export interface WorkPayload {
  kind: "work";
  units: bigint;
  /** The customer whose credits paid for the work (its wallet). */
  customer: PublicKey;
}

export type ReportPayload = HeartbeatPayload | WitnessPayload | WorkPayload;

/** A report as the device signed it. */
export interface DeviceReport {
  version: number;
  network: PublicKey;
  /** The device key registered on chain (its signer). */
  device: PublicKey;
  epoch: number;
  /** Unix seconds at which the device made the report. */
  timestamp: number;
  /** Random per report, so two identical readings are two reports. */
  nonce: bigint;
  payload: ReportPayload;
  /** ed25519 signature by `device` over the domain-separated encoding. */
  signature: Uint8Array;
}

/** A report an oracle node verified and stored; `id` is unique per report (replays collide). */
export interface AcceptedReport extends DeviceReport {
  /** Hex sha256 of the signed message. */
  id: string;
  /** The device's operator wallet, from the chain mirror when the report was accepted. */
  operator: PublicKey;
}
