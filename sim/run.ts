// `npm run sim`: a fleet of honest and attacking devices against the Groundwork oracle.
//
// Part 1, over HTTP: a network on the embedded SVM (clock moved by hand), operators staking and
// registering devices on chain, one oracle node (`OracleNode`, embedded database, uptime policy)
// on loopback. Honest devices and attackers (forged signatures, replays, unregistered and
// deactivated devices, reports for another network, a burst of heartbeats) send signed reports;
// the node closes the epoch and votes; what each operator earned is read from its proofs API.
//
// Part 2, over HTTP too: a second network whose node runs the `coverage` policy (H3 grid distance
// by h3-js) with devices registered on chain at real resolution-9 cells; a witness ring of one
// operator's devices and a device registered in Paris but heard in San Francisco send witness
// reports next to two honest hotspots.
//
// Part 3, the work policy: an operator paying itself for work, through signed reports and
// `closeEpoch`; paid credits come from spend events on chain (covered by the node's work suite),
// so the simulator hands them to the close itself.
//
// Prints, per category, the reports sent and accepted and what the category's operator earned.
import * as path from "path";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { createMint, createAccount, createAssociatedTokenAccountIdempotent, mintTo } from "@solana/spl-token";
import { createEmbeddedSvm, deployPath } from "../sdk/src/svm";
import { PROGRAMS } from "../sdk/src/ids";
import { Groundwork } from "../sdk/src/groundwork";
import { startLocalNode, postReport } from "./local-node";
import { signReport, reportId, encodeReportMessage } from "../sdk/src/reports/format";
import { AcceptedReport, DeviceReport, ReportPayload } from "../sdk/src/reports/types";
import { DeviceInfo } from "../sdk/src/oracle-node/policies/policy";
import { WorkPolicy } from "../sdk/src/oracle-node/policies";
import { gridRingUnsafe, latLngToCell } from "h3-js";
import { closeEpoch } from "../sdk/src/oracle-node/close";

const ROOT = path.join(__dirname, "..");
const EPOCH_SECS = 3_600;
const SLOT = 900; // uptime: four heartbeat slots per epoch
const EMISSION = 1_000_000n;

interface Row { category: string; honest: boolean; sent: number; accepted: number; rejections: Record<string, number>; earned: bigint }

/**
 * An embedded SVM with the programs, and on it a mint-mode network with one oracle and
 * `walletCount` operator wallets, each funded with SOL and 10,000 tokens (minted before the
 * network takes the mint authority).
 */
async function mintModeNetwork(walletCount: number) {
  const env = createEmbeddedSvm(PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, ROOT) })));
  const conn = env.connection;
  const gw = Groundwork.connect(env.provider);
  const team = Keypair.generate();
  const oracle = Keypair.generate();
  for (const k of [team, oracle]) await conn.requestAirdrop(k.publicKey, 10 * LAMPORTS_PER_SOL);
  const mint = await createMint(conn, env.payer, team.publicKey, null, 0);
  const treasury = await createAccount(conn, env.payer, mint, team.publicKey, Keypair.generate());
  const wallets = Array.from({ length: walletCount }, () => Keypair.generate());
  for (const w of wallets) {
    await conn.requestAirdrop(w.publicKey, 10 * LAMPORTS_PER_SOL);
    await mintTo(conn, env.payer, mint, await createAssociatedTokenAccountIdempotent(conn, env.payer, mint, w.publicKey), team, 10_000);
  }
  const { network } = await gw.team(team).createNetwork({
    mint, treasury, epochLengthSecs: EPOCH_SECS, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: [oracle.publicKey], oracleThreshold: 1,
    rewards: { fundingMode: "mint", schedule: [{ startTs: 0, emissionPerEpoch: EMISSION }], supplyCap: 1_000_000_000_000, operatorBps: 10_000, netEmissionCap: 0 },
  });
  return { env, conn, gw, team, oracle, wallets, network };
}

async function httpPart(): Promise<Row[]> {
  const categories = ["honest", "honest (second operator)", "forged signatures", "replays", "unregistered device", "deactivated device", "another network", "heartbeat burst"];
  const { env, conn, gw, team, oracle, wallets, network } = await mintModeNetwork(categories.length);
  // A second network, whose devices' reports the first network's node must refuse.
  const otherMint = await createMint(conn, env.payer, team.publicKey, null, 0);
  const otherTreasury = await createAccount(conn, env.payer, otherMint, team.publicKey, Keypair.generate());
  const { network: otherNetwork } = await gw.team(team).createNetwork({
    mint: otherMint, treasury: otherTreasury, epochLengthSecs: EPOCH_SECS, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: [oracle.publicKey], oracleThreshold: 1,
  });
  const genesis = Number((await gw.ctx.network.account.network.fetch(network)).genesisTs.toString());
  const devices: Keypair[] = [];
  for (const [i, w] of wallets.entries()) {
    const op = gw.operator(network, w);
    await op.register();
    await op.stake(1_000);
    const d = Keypair.generate();
    // The unregistered-device category's operator registers a device, but its reports come from another key.
    await op.registerDevice(d, { kind: 1, location: 600_000_000_000 + i, metadataHash: Array(32).fill(0) });
    devices.push(d);
  }
  await gw.operator(network, wallets[5]).deactivateDevice(devices[5].publicKey);

  conn.warpTo(genesis + 1);
  const local = await startLocalNode({
    network, provider: env.provider, oracle, label: "sim", policy: { name: "uptime", params: { heartbeatIntervalSecs: SLOT } }, graceSecs: 600,
    ingest: { timestampToleranceSecs: 300, ratePerDevice: 1_000 }, // a rate limit high enough to let the burst in: the policy must absorb it
  });
  const node = local.node;
  const rows: Row[] = categories.map((category, i) => ({ category, honest: i < 2, sent: 0, accepted: 0, rejections: {}, earned: 0n }));
  const send = async (row: Row, r: DeviceReport) => {
    row.sent++;
    const res = await postReport(local.url, r);
    if (res.status === 201 || res.status === 200) row.accepted++;
    else row.rejections[res.code ?? String(res.status)] = (row.rejections[res.code ?? String(res.status)] ?? 0) + 1;
  };
  const hb = (device: Keypair, at: number, net: PublicKey = network) => signReport(device, { network: net, epoch: 0, timestamp: genesis + at, payload: { kind: "heartbeat" } });

  // Replays: the device's first report, sent again in every slot.
  const first = hb(devices[3], 30);
  for (let slot = 0; slot < 4; slot++) {
    const at = slot * SLOT + 30;
    conn.warpTo(genesis + at);
    await node.mirror.refresh(); // the node reads the chain's clock through its mirror
    await send(rows[0], hb(devices[0], at));
    await send(rows[1], hb(devices[1], at));
    // Forged: reports naming the device's key, signed by someone else.
    const forged = hb(Keypair.generate(), at);
    await send(rows[2], { ...forged, device: devices[2].publicKey });
    for (let k = 0; k < (slot === 0 ? 1 : 3); k++) await send(rows[3], first);
    await send(rows[4], hb(Keypair.generate(), at));
    await send(rows[5], hb(devices[5], at));
    await send(rows[6], hb(devices[6], at, otherNetwork));
    // Burst: forty heartbeats, all in the first slot.
    if (slot === 0) for (let k = 0; k < 40; k++) await send(rows[7], hb(devices[7], at + k));
  }
  conn.warpTo(genesis + EPOCH_SECS + 601);
  const closed = await node.closeDueEpochs();
  const tree = (await (await fetch(`${node.url}/v1/epochs/0/tree`)).json()) as { claims: { operator: string; amount: string }[]; root: string };
  const earned = new Map(tree.claims.map((c) => [c.operator, BigInt(c.amount)]));
  wallets.forEach((w, i) => (rows[i].earned = earned.get(w.publicKey.toBase58()) ?? 0n));
  const cfg = await gw.ctx.rewards.account.rewardsConfig.fetch((await import("../sdk/src/rewards/pda")).rewardsConfigPda(network));
  process.stderr.write(`sim: epoch 0 closed (${closed.map((c) => c.state).join(", ")}); on-chain root ${Buffer.from(cfg.currentRoot).toString("hex").slice(0, 16)}… = node root ${tree.root.slice(0, 16)}…\n`);
  await local.stop();
  return rows;
}

// H3 cells (resolution 9) as u64: `k` grid steps from a downtown cell, or anywhere by lat/lng.
const u64 = (h: string) => BigInt(`0x${h}`);
const DOWNTOWN = latLngToCell(37.7749, -122.4194, 9);
const steps = (k: number) => u64(k === 0 ? DOWNTOWN : gridRingUnsafe(DOWNTOWN, k)[0]);

/**
 * Part 2, over HTTP: a node with the `coverage` policy (H3 grid distance by h3-js) and devices
 * registered on chain at real cells. Two honest hotspots of two operators hear each other one step
 * apart; a ring of one operator's five hotspots hear only each other; a device registered in Paris
 * is heard in San Francisco.
 */
async function coverageHttpPart(): Promise<Row[]> {
  const { env, conn, gw, oracle, wallets, network } = await mintModeNetwork(4);
  const genesis = Number((await gw.ctx.network.account.network.fetch(network)).genesisTs.toString());
  const operator = async (cells: bigint[]): Promise<{ wallet: Keypair; devices: Keypair[] }> => {
    const wallet = wallets.pop()!;
    const op = gw.operator(network, wallet);
    await op.register();
    await op.stake(1_000 * cells.length);
    const devices: Keypair[] = [];
    for (const location of cells) {
      const d = Keypair.generate();
      await op.registerDevice(d, { kind: 1, location, metadataHash: Array(32).fill(0) });
      devices.push(d);
    }
    return { wallet, devices };
  };
  const a = await operator([steps(0)]);
  const b = await operator([steps(1)]);
  const ring = await operator(Array.from({ length: 5 }, () => steps(30)));
  const far = await operator([u64(latLngToCell(48.8566, 2.3522, 9))]);

  conn.warpTo(genesis + 60);
  const local = await startLocalNode({
    network, provider: env.provider, oracle, label: "sim-coverage", policy: { name: "coverage", params: { resolution: 9, fullWeightCells: 2, zeroWeightCells: 10 } },
    graceSecs: 600, ingest: { timestampToleranceSecs: 300, ratePerDevice: 1_000 },
  });
  const node = local.node;
  await node.mirror.refresh();
  const rows: Row[] = [
    { category: "coverage: honest hotspot A", honest: true, sent: 0, accepted: 0, rejections: {}, earned: 0n },
    { category: "coverage: honest hotspot B", honest: true, sent: 0, accepted: 0, rejections: {}, earned: 0n },
    { category: "coverage: witness ring (one operator)", honest: false, sent: 0, accepted: 0, rejections: {}, earned: 0n },
    { category: "coverage: registered in Paris, heard in San Francisco", honest: false, sent: 0, accepted: 0, rejections: {}, earned: 0n },
  ];
  // A row counts the witness reports about its operator's devices.
  const witness = async (row: Row, by: Keypair, heard: Keypair, from: bigint) => {
    row.sent++;
    const r = signReport(by, { network, epoch: 0, timestamp: genesis + 60, payload: { kind: "witness", witnessed: heard.publicKey, cell: from } });
    const res = await postReport(local.url, r);
    if (res.status === 201 || res.status === 200) row.accepted++;
    else row.rejections[res.code ?? String(res.status)] = (row.rejections[res.code ?? String(res.status)] ?? 0) + 1;
  };
  await witness(rows[1], a.devices[0], b.devices[0], steps(0));
  await witness(rows[0], b.devices[0], a.devices[0], steps(1));
  for (const x of ring.devices) for (const y of ring.devices) if (x !== y) await witness(rows[2], x, y, steps(30));
  await witness(rows[3], a.devices[0], far.devices[0], steps(0));
  await witness(rows[3], b.devices[0], far.devices[0], steps(1));
  conn.warpTo(genesis + EPOCH_SECS + 601);
  const closed = await node.closeDueEpochs();
  const tree = (await (await fetch(`${node.url}/v1/epochs/0/tree`)).json()) as { claims: { operator: string; amount: string }[]; root: string };
  const earned = new Map(tree.claims.map((c) => [c.operator, BigInt(c.amount)]));
  [a, b, ring, far].forEach((o, i) => (rows[i].earned = earned.get(o.wallet.publicKey.toBase58()) ?? 0n));
  process.stderr.write(`sim: coverage epoch 0 closed (${closed.map((c) => c.state).join(", ")}), root ${tree.root.slice(0, 16)}…\n`);
  await local.stop();
  return rows;
}

/** Part 3: work attackers, signed reports straight into the close (paid credits handed in). */
function policyPart(): Row[] {
  const network = Keypair.generate().publicKey;
  const epoch = 0;
  const epochStart = 1_700_000_000;
  const devices = new Map<string, DeviceInfo>();
  const add = (operator: PublicKey, at: bigint) => {
    const k = Keypair.generate();
    devices.set(k.publicKey.toBase58(), { device: k.publicKey, operator, cell: at, kind: 1, active: true });
    return k;
  };
  const accept = (device: Keypair, payload: ReportPayload): AcceptedReport => {
    const r = signReport(device, { network, epoch, timestamp: epochStart + 60, payload });
    return { ...r, id: reportId(encodeReportMessage(r)), operator: devices.get(device.publicKey.toBase58())!.operator };
  };
  const ops = { selfPayer: Keypair.generate().publicKey, honestWork: Keypair.generate().publicKey };

  // Work: the honest operator delivers 1,000 units its customers paid 1,000 credits for; the
  // self-payer reports 50,000 units after paying itself 100 credits.
  const w1 = add(ops.honestWork, steps(2));
  const s1 = add(ops.selfPayer, steps(3));
  const work = [accept(w1, { kind: "work", units: 1_000n, customer: Keypair.generate().publicKey }), accept(s1, { kind: "work", units: 50_000n, customer: ops.selfPayer })];
  const workClose = closeEpoch({
    network, epoch, epochStart, epochLengthSecs: EPOCH_SECS, reports: work, devices,
    paidCredits: new Map([[ops.honestWork.toBase58(), 1_000n], [ops.selfPayer.toBase58(), 100n]]),
    policy: new WorkPolicy({ priceCredits: 1, priceUnits: 1 }), operatorEmission: EMISSION, jailedOperators: new Set(), previous: null,
  });
  const row = (category: string, honest: boolean, reports: AcceptedReport[], op: PublicKey, close: typeof workClose): Row => {
    // Reports by the category's devices, or (witnesses) about them.
    const mine = (k: PublicKey) => devices.get(k.toBase58())!.operator.equals(op);
    const sent = reports.filter((r) => mine(r.device) || (r.payload.kind === "witness" && mine(r.payload.witnessed))).length;
    return { category, honest, sent, accepted: sent, rejections: {}, earned: close.rewards.get(op.toBase58()) ?? 0n };
  };
  return [
    row("work: paid by its customers", true, work, ops.honestWork, workClose),
    row("work: operator paying itself", false, work, ops.selfPayer, workClose),
  ];
}

function print(title: string, rows: Row[]): void {
  process.stdout.write(`\n${title}\n\n| category | kind | reports sent | accepted | rejected (reason: count) | earned | share of the epoch |\n|---|---|---:|---:|---|---:|---:|\n`);
  for (const r of rows) {
    const rej = Object.entries(r.rejections).map(([k, v]) => `${k}: ${v}`).join(", ");
    const pct = `${Number((r.earned * 10_000n) / EMISSION) / 100}%`;
    process.stdout.write(`| ${r.category} | ${r.honest ? "honest" : "attacker"} | ${r.sent} | ${r.accepted} | ${rej} | ${r.earned.toLocaleString("en-US")} | ${pct} |\n`);
  }
}

async function main(): Promise<void> {
  const http = await httpPart();
  print(`Part 1: oracle node over HTTP, uptime policy (4 slots of ${SLOT} s), epoch emission ${EMISSION.toLocaleString("en-US")}`, http);
  const coverage = await coverageHttpPart();
  print(`Part 2: oracle node over HTTP, coverage policy (H3 resolution 9, full weight to 2 grid steps, none from 10), epoch emission ${EMISSION.toLocaleString("en-US")}`, coverage);
  const policies = [...coverage, ...policyPart()];
  print(`Part 3: work policy through closeEpoch, epoch emission ${EMISSION.toLocaleString("en-US")}`, policies.slice(coverage.length));
  // Attackers that must earn nothing; the burst and replay devices earn for their one genuine
  // slot, and the self-paying operator for the units its own payment bought (the work cap).
  const bounded = new Set(["heartbeat burst", "replays", "work: operator paying itself"]);
  const cheated = [...http, ...policies].filter((r) => !r.honest && !bounded.has(r.category) && r.earned > 0n);
  const honestSlot = http[0].earned / 4n;
  const overSlot = http.filter((r) => (r.category === "heartbeat burst" || r.category === "replays") && r.earned > honestSlot + 1n);
  process.stdout.write(`\n${cheated.length === 0 ? "every attacker earned 0" : `ATTACKERS EARNED: ${cheated.map((r) => r.category).join(", ")}`}; ` +
    `burst and replay devices earned ${overSlot.length === 0 ? "one slot at most" : "MORE THAN ONE SLOT"}; the self-paying operator was credited only the units it paid for ` +
    `(100 of the 50,000 it reported), so it earned what any operator whose customers paid 100 credits would.\n`);
  if (cheated.length || overSlot.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`sim failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
