// The operators' emission of an epoch, exactly as programs/rewards funds it when the epoch
// finalizes (submit_epoch_root → finalize; programs/rewards/src/emission.rs):
//   scheduled = emission_per_epoch of the last schedule entry with start_ts ≤ epoch start
//               (a halving is an entry; before the first entry: 0)
//   net       = min(burned in epoch − 1 from the credits TallyRing, net_emission_cap)
//               (0 when net_emission_cap is 0, for epoch 0, or when the ring no longer holds it)
//   total     = min(scheduled + net (saturating u64), cap room)
//   net       = min(net, total)                 (what was actually re-minted)
//   operators = floor(total × min(operator_bps, 10_000) / 10_000)
//   treasury  = total − operators               (the rounding dust goes to the treasury)
// Cap room: the program that tracks per-epoch parameters (params_for(epoch), initial_supply)
// counts supply_cap − (initial_supply + total_emitted) with the epoch's own parameters; the
// older layout counts supply_cap − mint supply (mint mode) or supply_cap − total_emitted (vault).
// `readEpochEmission` detects which layout the deployed program has from the config account.
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import { getMint } from "@solana/spl-token";
import { GroundworkContext } from "../../clients/context";
import { fetchRewardsConfig, RewardsConfigAccount } from "../../rewards/accounts";
import { fetchNetwork } from "../../network/accounts";
import { fetchTallyRing, tallyOf } from "../../credits/accounts";
import { fundingModeOf } from "../../rewards/instructions";

const U64_MAX = 0xffffffffffffffffn;

export interface ScheduleEntry {
  startTs: bigint;
  emissionPerEpoch: bigint;
}

/** Scheduled emission of the epoch starting at `epochStart`. */
export function scheduledEmission(schedule: ScheduleEntry[], epochStart: bigint): bigint {
  let amount = 0n;
  for (const e of schedule) {
    if (e.startTs > epochStart) break;
    amount = e.emissionPerEpoch;
  }
  return amount;
}

/** floor(value × bps / 10_000), bps capped at 10_000 (the program's split_bps). */
export function splitBps(value: bigint, bps: number): bigint {
  const b = BigInt(Math.min(Math.max(bps, 0), 10_000));
  return (value * b) / 10_000n;
}

export interface EpochEmissionInputs {
  scheduled: bigint;
  /** Tokens customers burned for credits in the previous epoch (0 when net emissions are off). */
  burned: bigint;
  netEmissionCap: bigint;
  /** How much more the supply cap allows. */
  capRoom: bigint;
  operatorBps: number;
}

export interface EpochEmission {
  /** Re-minted burns counted in `total`. */
  net: bigint;
  total: bigint;
  /** What the epoch funds for operators: the amount the epoch close divides. */
  operators: bigint;
  treasury: bigint;
}

export function epochEmission(i: EpochEmissionInputs): EpochEmission {
  let net = i.burned < i.netEmissionCap ? i.burned : i.netEmissionCap;
  const sum = i.scheduled + net;
  const wanted = sum > U64_MAX ? U64_MAX : sum;
  const total = wanted < i.capRoom ? wanted : i.capRoom;
  if (net > total) net = total;
  const operators = splitBps(total, i.operatorBps);
  return { net, total, operators, treasury: total - operators };
}

const I64_MAX = 0x7fffffffffffffffn;

/** Start of `epoch` as the network program computes it (saturating at i64::MAX). */
export function epochStartOf(genesisTs: bigint, epochLengthSecs: bigint, epoch: bigint): bigint {
  if (epochLengthSecs !== 0n && epoch > I64_MAX / epochLengthSecs) return I64_MAX;
  const s = genesisTs + epoch * epochLengthSecs;
  return s > I64_MAX ? I64_MAX : s;
}

/** The parameters that decide one epoch's funding besides the schedule and the burns. */
export interface EpochParams {
  supplyCap: bigint;
  netEmissionCap: bigint;
  operatorBps: number;
}

/** The rewards config fields the funding depends on, in either program layout. */
export interface FundingState {
  schedule: ScheduleEntry[];
  params: EpochParams;
  /** What the supply cap counts so far (cap room = supplyCap − capCounted, at least 0). */
  capCounted: bigint;
  /** Next epoch the program will finalize: the mirror holds for this epoch. */
  nextEpoch: bigint;
}

const big = (v: BN | number | bigint): bigint => BigInt(v.toString());

/** Layout fields of the program version with per-epoch parameters (absent in the older one). */
interface PerEpochFields {
  paramsEpoch: BN;
  priorSupplyCap: BN;
  priorNetEmissionCap: BN;
  priorOperatorBps: number;
  initialSupply: BN;
}

function perEpochFields(cfg: RewardsConfigAccount): PerEpochFields | null {
  const c = cfg as unknown as Partial<PerEpochFields>;
  if (c.paramsEpoch === undefined || c.priorSupplyCap === undefined || c.priorNetEmissionCap === undefined || c.priorOperatorBps === undefined || c.initialSupply === undefined) return null;
  return c as PerEpochFields;
}

/**
 * The funding state of `epoch` from the config account. `mintSupply` is needed by the older
 * program layout in mint mode only (its cap counts the mint's supply).
 */
export function fundingState(cfg: RewardsConfigAccount, epoch: bigint, mintSupply: bigint | null): FundingState {
  const schedule: ScheduleEntry[] = [];
  for (let i = 0; i < Math.min(cfg.scheduleLen, cfg.scheduleStartTs.length); i++) {
    schedule.push({ startTs: big(cfg.scheduleStartTs[i]), emissionPerEpoch: big(cfg.scheduleEmission[i]) });
  }
  const latest: EpochParams = { supplyCap: big(cfg.supplyCap), netEmissionCap: big(cfg.netEmissionCap), operatorBps: cfg.operatorBps };
  const pe = perEpochFields(cfg);
  if (pe) {
    const params = epoch >= big(pe.paramsEpoch) ? latest : { supplyCap: big(pe.priorSupplyCap), netEmissionCap: big(pe.priorNetEmissionCap), operatorBps: pe.priorOperatorBps };
    return { schedule, params, capCounted: big(pe.initialSupply) + big(cfg.totalEmitted), nextEpoch: big(cfg.nextEpoch) };
  }
  const mintMode = fundingModeOf(cfg.fundingMode) === "mint";
  if (mintMode && mintSupply === null) throw new Error("the mint's supply is needed to mirror a mint-mode emission of this program version");
  return { schedule, params: latest, capCounted: mintMode ? mintSupply! : big(cfg.totalEmitted), nextEpoch: big(cfg.nextEpoch) };
}

/** The emission of the epoch starting at `epochStart`, given the previous epoch's burns. */
export function emissionOf(state: FundingState, epoch: bigint, epochStart: bigint, burnedPrevEpoch: bigint): EpochEmission {
  const p = state.params;
  return epochEmission({
    scheduled: scheduledEmission(state.schedule, epochStart),
    burned: p.netEmissionCap > 0n && epoch > 0n ? burnedPrevEpoch : 0n,
    netEmissionCap: p.netEmissionCap,
    capRoom: p.supplyCap > state.capCounted ? p.supplyCap - state.capCounted : 0n,
    operatorBps: p.operatorBps,
  });
}

/**
 * What finalizing `epoch` will fund, read from the chain now. Exact when `epoch` is the config's
 * next epoch to finalize (earlier epochs are already funded; later ones depend on it), which is
 * when an oracle closes it: the returned `exact` says so.
 */
export async function readEpochEmission(ctx: GroundworkContext, network: PublicKey, epoch: number): Promise<EpochEmission & { exact: boolean; burnedPrevEpoch: bigint }> {
  const cfg = await fetchRewardsConfig(ctx.rewards, network);
  const net = await fetchNetwork(ctx.network, network);
  const needsSupply = perEpochFields(cfg) === null && fundingModeOf(cfg.fundingMode) === "mint";
  const supply = needsSupply ? (await getMint(ctx.provider.connection, cfg.mint, undefined, cfg.tokenProgram)).supply : null;
  const state = fundingState(cfg, BigInt(epoch), supply);
  let burned = 0n;
  if (state.params.netEmissionCap > 0n && epoch > 0) {
    const ring = await fetchTallyRing(ctx.credits, network);
    burned = ring ? big(tallyOf(ring, epoch - 1)?.tokensBurned ?? 0) : 0n;
  }
  const epochStart = epochStartOf(big(net.genesisTs), big(net.epochLengthSecs), BigInt(epoch));
  return { ...emissionOf(state, BigInt(epoch), epochStart, burned), exact: state.nextEpoch === BigInt(epoch), burnedPrevEpoch: burned };
}
