// The seam between what devices report and what they earn: a policy turns an epoch's accepted
// reports and the chain's state into each device's share. Shares are relative weights (integers);
// the epoch close divides the epoch's operator emission by them.
import { PublicKey } from "@solana/web3.js";
import { AcceptedReport } from "../../reports/types";

/** A device as the chain mirror saw it for the epoch. */
export interface DeviceInfo {
  device: PublicKey;
  /** Operator wallet owning the device. */
  operator: PublicKey;
  /** Registered location cell (H3 index as u64). */
  cell: bigint;
  kind: number;
  active: boolean;
}

export interface PolicyInput {
  network: PublicKey;
  epoch: number;
  epochStart: number;
  epochLengthSecs: number;
  /** Accepted reports of the epoch, in any order (policies must not depend on order). */
  reports: AcceptedReport[];
  /** Devices by base58 device key. */
  devices: Map<string, DeviceInfo>;
  /**
   * Credits customers spent at each operator during the epoch (base58 operator wallet → credits),
   * read from the credits program's events; the `work` policy caps delivered units by it.
   */
  paidCredits: Map<string, bigint>;
}

export interface Policy {
  readonly name: string;
  /** Canonical parameters (stable key order), hashed into every epoch archive. */
  readonly params: Record<string, string | number>;
  /** Each device's share (base58 device key → weight ≥ 0); devices with no share are absent or 0. */
  shares(input: PolicyInput): Map<string, bigint>;
}
