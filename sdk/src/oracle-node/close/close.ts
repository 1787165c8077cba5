// The epoch close: reports → policy shares → each operator's reward of the epoch → cumulative
// totals → the epoch's reward tree and its archive record. Pure and deterministic: nodes given the
// same input (in any report order) produce byte-identical leaves, roots and archives.
//
//   weight(op)   = Σ shares of op's devices (a device is op's when its reports were accepted
//                  under op, AcceptedReport.operator; a device transferred during the epoch is
//                  split by its reports' counts under each owner), 0 when op
//                  was jailed at any time during the epoch (its devices' shares are dropped, so
//                  the emission goes to the others)
//   D            = operatorEmission (what finalizing the epoch funds, emission.ts) + carriedIn
//   reward(op)   = floor(D × weight(op) / W) (+1 for the R operators with the largest remainders
//                  D × weight(op) mod W, ties by operator key bytes ascending; R = D − Σ floors),
//                  W = Σ weights: the whole of D is distributed, never more
//   W = 0        → nothing distributed; D is carried to the next epoch (`unallocated`), which
//                  the program allows since a root may promise up to everything ever funded
//   total(op)    = previous total(op) + reward(op)   (u64; an overflow is an error)
//   leaves       = every operator with total > 0, ordered by key bytes; when there is none, one
//                  placeholder leaf (the network's own key, amount 0), since the program needs a
//                  non-empty root to finalize the epoch
import { PublicKey } from "@solana/web3.js";
import { Policy, PolicyInput } from "../policies/policy";
import { deviceIndex, keyBytes } from "../policies/common";
import { DeviceInfo } from "../policies/policy";
import { base58Key } from "./base58";
import { RewardLeaf } from "../../rewards/merkle";
import { buildEpochTree, EpochTree, LEAF_RECORD_BYTES } from "../../rewards/merkle-fast";
import { EpochArchive, ARCHIVE_FORMAT, policyParamsHash, reportSetDigest } from "./archive";

const U64_MAX = 0xffffffffffffffffn;

/** Cumulative totals after the previous epoch's close (its archive has them). */
export interface PreviousTotals {
  /** Base58 operator wallet → total earned since genesis. */
  totals: ReadonlyMap<string, bigint>;
  /** Funded for operators and in no leaf yet (carried into this epoch). */
  unallocated: bigint;
}

export interface CloseInput extends PolicyInput {
  policy: Policy;
  /** Operators' emission of the epoch as the program funds it (`readEpochEmission(...).operators`). */
  operatorEmission: bigint;
  /** Base58 wallets of operators jailed at any time during the epoch: they earn nothing for it. */
  jailedOperators: ReadonlySet<string>;
  /** Null for the first epoch the node closes from genesis. */
  previous: PreviousTotals | null;
}

export interface EpochClose {
  epoch: number;
  /** Tree order: operator key bytes ascending. */
  leaves: RewardLeaf[];
  root: Buffer;
  /** Σ leaves: the `total` submitted with the root. */
  total: bigint;
  leafCount: number;
  /** Proofs: `tree.proof(i)`, `tree.proofBytes(i)`, or `tree.proofChunk(first, count)` for many. */
  tree: EpochTree;
  /** Leaf index of an operator (base58 wallet), if it has a leaf. */
  indexOf(operator: string): number | undefined;
  /** This epoch's reward per operator (base58 → amount), operators with a reward only. */
  rewards: Map<string, bigint>;
  /** Cumulative totals after this epoch (base58 → amount), what the next close starts from. */
  totals: Map<string, bigint>;
  distributed: bigint;
  unallocated: bigint;
  archive: EpochArchive;
}

interface OperatorWeight {
  key: PublicKey;
  base58: string;
  /** Lowercase hex of the key bytes: sorts as the bytes do. */
  hex: string;
  weight: bigint;
}

function u64(what: string, v: bigint): bigint {
  if (v < 0n || v > U64_MAX) throw new RangeError(`${what} out of u64 range: ${v}`);
  return v;
}

/** Splits `amount` by `weights` with the largest-remainder rule (ties: key bytes ascending). */
export function splitByWeight(amount: bigint, weights: OperatorWeight[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  let sum = 0n;
  for (const w of weights) sum += w.weight;
  if (sum === 0n || amount === 0n) return out;
  const rem: { w: OperatorWeight; r: bigint }[] = [];
  let given = 0n;
  const shares: bigint[] = new Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const p = amount * weights[i].weight;
    shares[i] = p / sum;
    given += shares[i];
    rem.push({ w: weights[i], r: p % sum });
  }
  let left = amount - given; // < weights.length
  const idx = new Map<OperatorWeight, number>();
  weights.forEach((w, i) => idx.set(w, i));
  if (left > 0n) {
    rem.sort((a, b) => (a.r > b.r ? -1 : a.r < b.r ? 1 : a.w.hex < b.w.hex ? -1 : a.w.hex > b.w.hex ? 1 : 0));
    for (let k = 0; left > 0n; k++, left--) shares[idx.get(rem[k].w)!] += 1n;
  }
  for (let i = 0; i < weights.length; i++) if (shares[i] > 0n) out.set(weights[i].base58, shares[i]);
  return out;
}

/**
 * Sorts by key bytes (the hex strings' order). A million comparator calls on strings take seconds,
 * so the order is first taken from a native sort of numbers holding each key's leading bits and
 * its index (exact in a double), then runs sharing those leading bits (rare for wallet keys, and
 * harmless if ground on purpose) are sorted on the full key.
 */
export function sortByKeyBytes<T extends { hex: string }>(items: T[]): void {
  const n = items.length;
  if (n < 2) return;
  const indexBits = Math.max(1, Math.ceil(Math.log2(n)));
  const prefixBits = 53 - indexBits;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // The leading prefixBits bits of the key (hex digits → bits), then the index.
    const lead = parseInt(items[i].hex.slice(0, 13), 16); // 52 bits
    keys[i] = Math.floor(lead / 2 ** (52 - prefixBits)) * 2 ** indexBits + i;
  }
  keys.sort();
  const order = new Array<T>(n);
  const prefixOf = (k: number) => Math.floor(k / 2 ** indexBits);
  for (let i = 0; i < n; i++) order[i] = items[keys[i] % 2 ** indexBits];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && prefixOf(keys[j]) === prefixOf(keys[i])) j++;
    if (j - i > 1) {
      const run = order.slice(i, j).sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
      for (let k = 0; k < run.length; k++) order[i + k] = run[k];
    }
    i = j;
  }
  for (let i = 0; i < n; i++) items[i] = order[i];
}

interface ReportOwner {
  key: PublicKey;
  count: bigint;
}

/**
 * The devices as owned when their reports of the epoch were accepted (AcceptedReport.operator):
 * `devices` has each device's operator replaced by the owner most of its reports were accepted
 * under (ties: key bytes ascending); `several` lists, for devices that changed owner during the
 * epoch, every owner with its report count. `devices` is the input's map when nothing changed.
 */
export function reportOwners(input: PolicyInput): { devices: Map<string, DeviceInfo>; several: Map<string, Map<string, ReportOwner>> } {
  const index = deviceIndex(input.devices);
  const byDevice = new Map<string, Map<string, ReportOwner>>();
  let changed = false;
  for (const r of input.reports) {
    if (r.epoch !== input.epoch) continue;
    const d = index.get(keyBytes(r.device));
    if (!d) continue;
    const op = keyBytes(r.operator);
    if (!changed && op === keyBytes(d.info.operator)) continue;
    changed = true;
    let owners = byDevice.get(d.device);
    if (!owners) byDevice.set(d.device, (owners = new Map()));
    const o = owners.get(op);
    if (o) o.count += 1n;
    else owners.set(op, { key: r.operator, count: 1n });
  }
  if (!changed) return { devices: input.devices, several: new Map() };
  // Some report was accepted under another owner: count every report per owner (second pass
  // over the reports counted before the first difference).
  byDevice.clear();
  for (const r of input.reports) {
    if (r.epoch !== input.epoch) continue;
    const d = index.get(keyBytes(r.device));
    if (!d) continue;
    const op = keyBytes(r.operator);
    let owners = byDevice.get(d.device);
    if (!owners) byDevice.set(d.device, (owners = new Map()));
    const o = owners.get(op);
    if (o) o.count += 1n;
    else owners.set(op, { key: r.operator, count: 1n });
  }
  const devices = new Map(input.devices);
  const several = new Map<string, Map<string, ReportOwner>>();
  for (const [device, owners] of byDevice) {
    let best: [string, ReportOwner] | undefined;
    for (const e of owners) if (!best || e[1].count > best[1].count || (e[1].count === best[1].count && e[0] < best[0])) best = e;
    const info = input.devices.get(device)!;
    if (!best![1].key.equals(info.operator)) devices.set(device, { ...info, operator: best![1].key });
    if (owners.size > 1) several.set(device, owners);
  }
  return { devices, several };
}

export function closeEpoch(input: CloseInput): EpochClose {
  u64("operatorEmission", input.operatorEmission);
  const carriedIn = u64("previous unallocated", input.previous?.unallocated ?? 0n);

  // 1. Shares per device, weights per operator (keyed by key bytes; base58 once per operator).
  // A device earns for the operator that owned it when its reports were accepted, not for the one
  // owning it at close time (a device transferred after the epoch keeps earning its old owner's).
  const owners = reportOwners(input);
  const shares = input.policy.shares(owners.devices === input.devices ? input : { ...input, devices: owners.devices });
  const jailed = new Set([...input.jailedOperators].map((op) => keyBytes(new PublicKey(op))));
  const byOperator = new Map<string, OperatorWeight>();
  const credit = (operator: PublicKey, bytes: string, share: bigint) => {
    if (share <= 0n || jailed.has(bytes)) return;
    let w = byOperator.get(bytes);
    if (!w) {
      const raw = Buffer.from(bytes, "latin1");
      byOperator.set(bytes, (w = { key: operator, base58: base58Key(raw), hex: raw.toString("hex"), weight: 0n }));
    }
    w.weight += share;
  };
  for (const [device, share] of shares) {
    if (share <= 0n) continue;
    const info = owners.devices.get(device);
    if (!info) continue;
    const several = owners.several.get(device);
    if (!several) {
      credit(info.operator, keyBytes(info.operator), share);
      continue;
    }
    // Owned by several operators during the epoch: split by how many of its reports each accepted
    // (floors; the rest to the owner the policy saw, the one with most reports).
    let total = 0n;
    for (const o of several.values()) total += o.count;
    let given = 0n;
    for (const [bytes, o] of several) {
      if (o.key.equals(info.operator)) continue;
      const part = (share * o.count) / total;
      given += part;
      credit(o.key, bytes, part);
    }
    credit(info.operator, keyBytes(info.operator), share - given);
  }
  const weights = [...byOperator.values()];

  // 2. The epoch's rewards.
  const distributable = input.operatorEmission + carriedIn;
  const rewards = splitByWeight(distributable, weights);
  let distributed = 0n;
  for (const r of rewards.values()) distributed += r;
  const unallocated = distributable - distributed;

  // 3. Cumulative totals.
  const totals = new Map<string, bigint>(input.previous?.totals ?? []);
  for (const [op, r] of rewards) totals.set(op, u64(`cumulative total of ${op}`, (totals.get(op) ?? 0n) + r));

  // 4. Leaves in key-byte order.
  const earners = new Map<string, OperatorWeight>();
  for (const w of weights) earners.set(w.base58, w);
  const entries: { hex: string; base58: string; key: PublicKey; amount: bigint }[] = [];
  for (const [op, amount] of totals) {
    if (amount === 0n) continue;
    const w = earners.get(op);
    const key = w?.key ?? new PublicKey(op);
    entries.push({ hex: w?.hex ?? key.toBuffer().toString("hex"), base58: op, key, amount: u64(`total of ${op}`, amount) });
  }
  if (entries.length === 0) entries.push({ hex: input.network.toBuffer().toString("hex"), base58: input.network.toBase58(), key: input.network, amount: 0n });
  sortByKeyBytes(entries);

  const records = Buffer.allocUnsafe(entries.length * LEAF_RECORD_BYTES);
  const leaves: RewardLeaf[] = new Array(entries.length);
  const index = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    records.write(e.hex, i * LEAF_RECORD_BYTES, 32, "hex");
    records.writeBigUInt64LE(e.amount, i * LEAF_RECORD_BYTES + 32);
    leaves[i] = { operator: e.key, amount: e.amount };
    index.set(e.base58, i);
  }
  const tree = buildEpochTree(input.network, records);
  // The root's total is submitted as a u64 (and can never exceed what was funded, itself a u64).
  u64("sum of all cumulative totals", tree.total);
  for (const [op, amount] of totals) if (amount === 0n) totals.delete(op);

  const archive: EpochArchive = {
    format: ARCHIVE_FORMAT,
    network: input.network.toBase58(),
    epoch: input.epoch,
    root: tree.root.toString("hex"),
    total: tree.total.toString(),
    leafCount: tree.leafCount,
    depth: tree.depth,
    operatorEmission: input.operatorEmission.toString(),
    carriedIn: carriedIn.toString(),
    distributed: distributed.toString(),
    unallocated: unallocated.toString(),
    policy: { name: input.policy.name, params: input.policy.params, paramsSha256: policyParamsHash(input.policy) },
    reports: reportSetDigest(input.reports),
    jailedOperators: [...input.jailedOperators].sort(),
    leaves: entries.map((e) => ({ operator: e.base58, amount: e.amount.toString(), epochReward: (rewards.get(e.base58) ?? 0n).toString() })),
  };
  return {
    epoch: input.epoch,
    leaves,
    root: tree.root,
    total: tree.total,
    leafCount: tree.leafCount,
    tree,
    indexOf: (op) => index.get(op),
    rewards,
    totals,
    distributed,
    unallocated,
    archive,
  };
}

/** The totals the next close starts from, read back from an archive. */
export function previousFromArchive(a: EpochArchive): PreviousTotals {
  const totals = new Map<string, bigint>();
  for (const l of a.leaves) if (BigInt(l.amount) > 0n) totals.set(l.operator, BigInt(l.amount));
  return { totals, unallocated: BigInt(a.unallocated) };
}

