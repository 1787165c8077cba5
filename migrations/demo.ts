// The lifecycle demo (`npm run lifecycle`): a DePIN team creates a network, operators stake and
// register devices, customers buy and spend credits; the devices sign hourly heartbeats and post
// them over HTTP to two oracle nodes (each with its own embedded database), which close three
// epochs, vote their roots (2 of 3) and serve the proofs operators claim with; a cheating
// operator's spoofed and replayed reports are refused, and she is slashed after the dispute window.
// Prints a readable report.
//
// Where: the embedded SVM by default, its clock moved hour by hour (a day per epoch). With
// `--url <rpc>` (or ANCHOR_PROVIDER_URL), the same story on a real cluster — a
// solana-test-validator with the programs loaded — paid by `--keypair <file>` (or ANCHOR_WALLET,
// else ~/.config/solana/id.json): there a demo hour is 3 s of the cluster's clock
// (GROUNDWORK_DEMO_HOUR_SECS), an epoch 72 s, and the demo waits for the cluster's clock instead
// of moving it; every other duration (unbonding, dispute window, grace) keeps its proportion.
import * as path from "path";
import * as fs from "fs";
import { createHash } from "crypto";
import * as os from "os";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram } from "@solana/web3.js";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { createMint, getMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, createAssociatedTokenAccountIdempotent, createTransferInstruction, createAccount } from "@solana/spl-token";
import { Groundwork } from "../sdk/src/groundwork";
import { createEmbeddedSvm, deployPath } from "../sdk/src/svm";
import { PROGRAMS } from "../sdk/src/ids";
import { SentTransaction } from "../sdk/src/tx";
import { chainUnixTime, fetchRewardsConfig } from "../sdk/src/rewards/accounts";
import { fetchTally } from "../sdk/src/credits/accounts";
import { SlashProposalRef } from "../sdk/src/clients/oracle";
import { OracleApiClient } from "../sdk/src/oracle-node/api/client";
import { signReport, encodeReportMessage } from "../sdk/src/reports/format";
import { DeviceReport } from "../sdk/src/reports/types";
import { startLocalNode, postReport, LocalNode } from "../sim/local-node";

const ROOT = path.join(__dirname, "..");
const DECIMALS = 6;
const UNIT = 10n ** BigInt(DECIMALS);

/** Where the demo runs: `--url <rpc>` / ANCHOR_PROVIDER_URL (a cluster), else the embedded SVM. */
function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(name);
  if (at >= 0) {
    if (at + 1 >= args.length) throw new Error(`${name} needs a value`);
    return args[at + 1];
  }
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
const CLUSTER_URL = flag("--url") ?? process.env.ANCHOR_PROVIDER_URL;
const ON_CLUSTER = CLUSTER_URL !== undefined;
/** One demo hour in seconds of chain time: an hour on the embedded SVM, a few seconds on a cluster. */
const HOUR = ON_CLUSTER ? Number(process.env.GROUNDWORK_DEMO_HOUR_SECS ?? 3) : 3_600;
if (!Number.isInteger(HOUR) || HOUR < 2) throw new Error(`GROUNDWORK_DEMO_HOUR_SECS must be a whole number of seconds, at least 2: ${HOUR}`);
/** An epoch is a (demo) day. */
const EPOCH = 24 * HOUR;
const DAY = EPOCH;
/** Where in each hour the devices report: a quarter past (a second past on a cluster, whose hours are short). */
const REPORT_AT = ON_CLUSTER ? 1 : 900;
/**
 * How far a report's timestamp may be outside its epoch: 5 minutes embedded; a demo hour on a
 * cluster, whose clock the nodes extrapolate between reads (a few seconds of skew).
 */
const TOLERANCE = ON_CLUSTER ? HOUR : 300;
/** Seconds the nodes wait after an epoch's end before closing it (late reports, the peers' merge). */
const GRACE = ON_CLUSTER ? TOLERANCE + 1 : 600;
const span = (secs: number) => (secs % 86_400 === 0 ? `${secs / 86_400}-day` : secs % 3_600 === 0 ? `${secs / 3_600}-hour` : secs % 60 === 0 ? `${secs / 60}-minute` : `${secs}-second`);
const fmt = (n: bigint) => `${(Number(n) / Number(UNIT)).toLocaleString("en-US", { maximumFractionDigits: 6 })}`;
const sha = (s: string) => createHash("sha256").update(s).digest();

interface NodeTally { accepted: number; rejected: Record<string, number>; pulled: number; voted: number[] }
/** The demo's oracle nodes: stopped (and their temp dirs deleted) however the demo ends. */
const nodes: LocalNode[] = [];
const began = Date.now();

interface Step { step: string; who: string; cu: number; txs: number }
const steps: Step[] = [];
function record(step: string, who: string, sent: SentTransaction | SentTransaction[]): void {
  const list = Array.isArray(sent) ? sent : [sent];
  steps.push({ step, who, cu: list.reduce((s, t) => s + t.computeUnits, 0), txs: list.length });
}

function table(rows: Record<string, string | number>[]): string {
  const keys = Object.keys(rows[0]);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(keys), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(keys.map((k) => String(r[k]))))].join("\n");
}

interface DemoChain {
  provider: AnchorProvider;
  connection: Connection;
  payer: Keypair;
  /** What the first line says about where the demo runs. */
  label: string;
  /** The chain's clock (the Clock sysvar: what the programs and the nodes read). */
  now(): Promise<number>;
  /** Moves the embedded clock to `ts`, or waits until the cluster's clock reaches it. */
  waitUntil(ts: number): Promise<void>;
}

function openChain(): DemoChain {
  if (!CLUSTER_URL) {
    const missing = PROGRAMS.filter((p) => !fs.existsSync(deployPath(p.name, ROOT)));
    if (missing.length) throw new Error(`missing ${missing.map((p) => p.name).join(", ")}: run npm run build:programs`);
    const env = createEmbeddedSvm(PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, ROOT) })));
    return {
      ...env, label: "On the embedded SVM (LiteSVM in this process); its clock is moved hour by hour.",
      now: async () => env.connection.unixTimestamp(),
      waitUntil: async (ts) => env.connection.warpTo(ts),
    };
  }
  const walletFile = flag("--keypair") ?? process.env.ANCHOR_WALLET ?? path.join(os.homedir(), ".config", "solana", "id.json");
  if (!fs.existsSync(walletFile)) throw new Error(`the payer's keypair file ${walletFile} does not exist (--keypair <file> or ANCHOR_WALLET)`);
  const payer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(walletFile, "utf8")) as number[]));
  const connection = new Connection(CLUSTER_URL, "confirmed");
  const provider = new AnchorProvider(connection, new Wallet(payer), { commitment: "confirmed", preflightCommitment: "confirmed" });
  const now = () => chainUnixTime(connection);
  return {
    provider, connection, payer,
    label: `On the cluster at ${CLUSTER_URL} (payer ${payer.publicKey.toBase58()}): a demo hour is ${HOUR} s of its clock, an epoch ${EPOCH} s; the demo waits for its clock.`,
    now,
    async waitUntil(ts) {
      while ((await now()) < ts) await new Promise((r) => setTimeout(r, 250));
    },
  };
}

/** On a cluster, the programs must be deployed there (solana-test-validator --bpf-program …, or a deployment). */
async function checkPrograms(connection: Connection): Promise<void> {
  const infos = await connection.getMultipleAccountsInfo(PROGRAMS.map((p) => p.programId));
  const absent = PROGRAMS.filter((_, i) => !infos[i]?.executable);
  if (absent.length) throw new Error(`not deployed on ${CLUSTER_URL}: ${absent.map((p) => `${p.name} (${p.programId.toBase58()})`).join(", ")} (npm run test:validator loads them; see docs/build.md)`);
}

async function main(): Promise<void> {
  const env = openChain();
  const gw = Groundwork.connect(env.provider);
  const conn = env.connection;
  const say = (s: string) => console.log(`\n▸ ${s}`);
  console.log(env.label);
  await checkPrograms(conn);
  // Accounts are funded by transfers from the payer (one transaction each batch): on a cluster
  // that is the payer's SOL, on the embedded SVM an airdrop-funded payer.
  const fund = async (to: { key: PublicKey; sol: number }[]) => {
    await gw.ctx.send(to.map((t) => SystemProgram.transfer({ fromPubkey: env.payer.publicKey, toPubkey: t.key, lamports: t.sol * LAMPORTS_PER_SOL })));
  };

  // --- The team -------------------------------------------------------------------------------
  const teamKey = Keypair.generate();
  const names = ["alice", "bob", "mallory"];
  const wallets = names.map(() => Keypair.generate());
  const customers = [Keypair.generate(), Keypair.generate()];
  const provider = Keypair.generate();
  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
  // Oracles pay their vote accounts' rent; operators and customers their accounts'.
  await fund([{ key: teamKey.publicKey, sol: 10 }, ...oracles.map((o) => ({ key: o.publicKey, sol: 1 })), ...wallets.map((w) => ({ key: w.publicKey, sol: 5 })),
    ...customers.map((c) => ({ key: c.publicKey, sol: 2 })), { key: provider.publicKey, sol: 1 }]);
  const mint = await createMint(conn, env.payer, teamKey.publicKey, null, DECIMALS);
  const teamTokens = await getOrCreateAssociatedTokenAccount(conn, env.payer, mint, teamKey.publicKey);
  // The treasury is its own account, so the report shows what flowed into it.
  const treasury = await createAccount(conn, env.payer, mint, teamKey.publicKey, Keypair.generate());
  await mintTo(conn, env.payer, mint, teamTokens.address, teamKey, 10_000_000n * UNIT);
  const start = await env.now();
  say(`The team creates the network: 3 oracles (2-of-3), 1,000 tokens staked per device, ${span(7 * DAY)} unbonding; credits at 100 per token; rewards minted on a halving schedule`);
  const created = await gw.team(teamKey).createNetwork({
    mint,
    treasury,
    epochLengthSecs: EPOCH,
    stakePerDevice: 1_000n * UNIT,
    minOperatorStake: 500n * UNIT,
    unbondingSecs: 7 * DAY,
    slashDisputeWindowSecs: 2 * DAY,
    maxSlashBps: 5_000,
    slashDestination: "treasury",
    oracles: oracles.map((o) => o.publicKey),
    oracleThreshold: 2,
    credits: { mode: "fixed", creditsPerToken: 100, breakerWindowSecs: DAY, breakerMaxCredits: 10_000_000n },
    rewards: {
      fundingMode: "mint",
      schedule: [
        { startTs: start, emissionPerEpoch: 100_000n * UNIT },
        { startTs: start + 2 * EPOCH, emissionPerEpoch: 50_000n * UNIT },
      ],
      supplyCap: 20_000_000n * UNIT,
      operatorBps: 8_000,
      netEmissionCap: 10_000n * UNIT,
    },
  });
  record("create network + credits + rewards", "team", created.transactions);
  const network = created.network;
  console.log(`  network ${network.toBase58()} (${created.transactions.length} transactions)`);

  // --- Operators ------------------------------------------------------------------------------
  const devices: Keypair[][] = names.map(() => []);
  say("Operators register, stake, and register devices (each device signs with its own key)");
  // The operators act in parallel (on a cluster the epoch's clock is running); their steps are
  // recorded in a fixed order.
  const operatorSteps = await Promise.all(wallets.map(async (w, i) => {
    const ata = await createAssociatedTokenAccountIdempotent(conn, env.payer, mint, w.publicKey);
    await gw.ctx.send([createTransferInstruction(teamTokens.address, ata, teamKey.publicKey, 5_000n * UNIT)], [teamKey]);
    const op = gw.operator(network, w);
    const done: [string, SentTransaction][] = [];
    done.push(["register operator", await op.register()]);
    done.push(["stake 3,000", await op.stake(3_000n * UNIT)]);
    for (let d = 0; d < 2; d++) {
      const device = Keypair.generate();
      devices[i].push(device);
      done.push(["register device", await op.registerDevice(device, { kind: 1, location: 0x8a2a1072b59ffffn, metadataHash: sha(`${names[i]}-hotspot-${d}`) })]);
    }
    return done;
  }));
  operatorSteps.forEach((done, i) => done.forEach(([step, sent]) => record(step, names[i], sent)));

  // --- Customers ------------------------------------------------------------------------------
  say("Customers burn tokens for non-transferable data credits (100 per token) and spend them; one lets a provider spend for it");
  const customerSteps = await Promise.all(customers.map(async (c, i) => {
    const ata = await createAssociatedTokenAccountIdempotent(conn, env.payer, mint, c.publicKey);
    await gw.ctx.send([createTransferInstruction(teamTokens.address, ata, teamKey.publicKey, 2_000n * UNIT)], [teamKey]);
    const cust = gw.customer(network, c);
    const done: [string, SentTransaction][] = [];
    done.push(["open credits account", await cust.openCreditsAccount()]);
    done.push(["buy credits (burn 500)", await cust.buyCredits(500n * UNIT, { minCreditsOut: 50_000n })]);
    done.push(["spend 12,000 credits", await cust.spend(12_000n, sha(`session-${i}`))]);
    return done;
  }));
  customerSteps.forEach((done, i) => done.forEach(([step, sent]) => record(step, `customer ${i + 1}`, sent)));
  record("delegate 5,000 credits", "customer 1", await gw.customer(network, customers[0]).delegate(provider.publicKey, 5_000n));
  record("provider spends 3,000 for customer 1", "provider", await gw.customer(network, provider).spendAsDelegate(customers[0].publicKey, 3_000n, sha("provider-session")));

  // --- Two oracle nodes -----------------------------------------------------------------------
  const genesis = Number((await gw.ctx.network.account.network.fetch(network)).genesisTs.toString());
  say("Oracles 1 and 2 start their nodes: uptime policy (a device earns per hour in which it sent a heartbeat), each with its own embedded database, on loopback, each the other's peer");
  const nodeOptions = { network, provider: env.provider, policy: { name: "uptime", params: { heartbeatIntervalSecs: HOUR } }, graceSecs: GRACE, ingest: { timestampToleranceSecs: TOLERANCE } };
  nodes.push(await startLocalNode({ ...nodeOptions, oracle: oracles[0], label: "demo-node-1" }));
  nodes.push(await startLocalNode({ ...nodeOptions, oracle: oracles[1], label: "demo-node-2", peers: [nodes[0].url] }));
  // Both listen on port 0: node 1 learns node 2's address only once node 2 is up.
  nodes[0].node.config.peers.push(nodes[1].url);
  const nodeNames = nodes.map((_, k) => `node ${k + 1}`);
  nodes.forEach((n, k) => console.log(`  ${nodeNames[k]} (oracle ${k + 1}) at ${n.url}, peer ${n.node.config.peers.join(", ")}`));
  const tallies: NodeTally[] = nodes.map(() => ({ accepted: 0, rejected: {}, pulled: 0, voted: [] }));
  /** Posts a report to node `k`; "accepted" or the node's reason code. */
  const send = async (k: number, report: DeviceReport): Promise<string> => {
    const res = await postReport(nodes[k].url, report);
    if (res.status === 201) {
      tallies[k].accepted++;
      return "accepted";
    }
    const code = res.code ?? `HTTP ${res.status}`;
    tallies[k].rejected[code] = (tallies[k].rejected[code] ?? 0) + 1;
    return code;
  };
  // What the cheating attempts got back, by attempt and reason; printed after each epoch.
  const attempts = new Map<string, Record<string, number>>();
  const attempt = async (what: string, k: number, report: DeviceReport): Promise<void> => {
    const code = await send(k, report);
    const row = attempts.get(what) ?? {};
    row[code] = (row[code] ?? 0) + 1;
    attempts.set(what, row);
  };
  const showAttempts = () => {
    for (const [what, codes] of attempts) console.log(`  ${what}: ${Object.entries(codes).map(([c, n]) => `${n} × ${c === "accepted" ? "ACCEPTED" : `refused (${c})`}`).join(", ")}`);
    attempts.clear();
  };
  const heartbeat = (device: Keypair, epoch: number, at: number) => signReport(device, { network, epoch, timestamp: at, payload: { kind: "heartbeat" } });
  const lastSent = new Map<Keypair, { report: DeviceReport; node: number }>();
  /**
   * One epoch of device traffic: each hour the clock moves 15 minutes into the hour (on a cluster,
   * the demo waits for that; hours already past are sent at once, timestamped in their hour), the nodes
   * refresh their view of the chain, and every device that is up signs a heartbeat and posts it to
   * one of the two nodes (alternating, so neither node hears everything: they merge at the close).
   */
  const runEpoch = async (epoch: number, up: (operator: number, device: number, hour: number) => boolean, cheat?: (hour: number, at: number) => Promise<void>) => {
    let sent = 0;
    for (let hour = 0; hour < 24; hour++) {
      const at = genesis + epoch * EPOCH + hour * HOUR + REPORT_AT;
      await env.waitUntil(at);
      for (const n of nodes) await n.node.mirror.refresh();
      for (const [i, ds] of devices.entries()) {
        for (const [d, device] of ds.entries()) {
          if (!up(i, d, hour)) continue;
          const k = (i + d + hour) % 2;
          const report = heartbeat(device, epoch, at);
          const code = await send(k, report);
          if (code !== "accepted") throw new Error(`${names[i]}'s device ${d}: heartbeat refused (${code})`);
          lastSent.set(device, { report, node: k });
          sent++;
        }
      }
      if (cheat) await cheat(hour, at);
    }
    console.log(`  ${sent} genuine heartbeats accepted (node 1: ${tallies[0].accepted}, node 2: ${tallies[1].accepted} so far)`);
  };
  const epochRows: Record<string, string | number>[] = [];
  /** Both nodes close `epoch` (pulling each other's reports), archive it and vote; the second vote finalizes it on chain. */
  const closeOnNodes = async (epoch: number): Promise<void> => {
    const roots: string[] = [];
    let reportCount = 0;
    for (const [k, n] of nodes.entries()) {
      const closed = (await n.node.closeDueEpochs()).filter((r) => r.epoch === epoch);
      const archived = closed.find((r) => r.state === "archived");
      const vote = closed.find((r) => r.state === "voted");
      if (!archived || !vote) throw new Error(`${nodeNames[k]} did not close and vote epoch ${epoch}: ${closed.map((r) => r.state).join(", ") || "nothing due"}`);
      const pulled = (archived.peers ?? []).reduce((a, p) => a + p.stored, 0);
      const peerErrors = (archived.peers ?? []).filter((p) => p.error).map((p) => p.error);
      if (peerErrors.length) throw new Error(`${nodeNames[k]} could not pull its peer: ${peerErrors.join("; ")}`);
      tallies[k].pulled += pulled;
      tallies[k].voted.push(epoch);
      roots.push(archived.root!);
      reportCount = archived.reportCount!;
      console.log(`  ${nodeNames[k]}: pulled ${pulled} reports from its peer, archived ${archived.reportCount} reports → ${archived.leafCount} leaves, root ${archived.root!.slice(0, 16)}…, voted`);
    }
    if (roots[1] !== roots[0]) throw new Error(`epoch ${epoch}: the nodes disagree (${roots.join(" vs ")})`);
    const cfg = await fetchRewardsConfig(gw.ctx.rewards, network);
    const onChain = Buffer.from(cfg.currentRoot).toString("hex");
    if (Number(cfg.currentRootEpoch.toString()) !== epoch || onChain !== roots[0]) throw new Error(`epoch ${epoch}: the chain's root is ${onChain} (epoch ${cfg.currentRootEpoch.toString()}), not the nodes' ${roots[0]}`);
    const summary = await new OracleApiClient(nodes[0].url).epoch(epoch);
    console.log(`  2 of 3 oracles voted the same root: epoch ${epoch} is final on chain; operators' pool ${fmt(BigInt(summary.epochEmission))}, distributed ${fmt(BigInt(summary.epochRewarded))}`);
    epochRows.push({ epoch, root: `${roots[0].slice(0, 16)}…`, reports: reportCount, "operators' pool": fmt(BigInt(summary.epochEmission)), distributed: fmt(BigInt(summary.epochRewarded)), "on chain": "final (2 of 3)" });
  };
  const claimFrom = async (k: number, i: number): Promise<SentTransaction> => {
    const sent = await gw.operator(network, wallets[i]).claimFromOracle(nodes[k].url);
    if (!sent) throw new Error(`${names[i]} has nothing to claim from ${nodeNames[k]}`);
    console.log(`  ${names[i]} claims ${fmt(sent.claimable)} with the proof from ${nodeNames[k]}'s API (cumulative ${fmt(sent.amount)})`);
    return sent;
  };

  // --- Epoch 0 --------------------------------------------------------------------------------
  say("Epoch 0: devices send hourly heartbeats (alice's all day, one of bob's misses 2 hours, mallory's are up 10 hours); mallory's device replays each of its heartbeats 3 times");
  const malloryEpoch0: { report: DeviceReport; node: number }[] = [];
  await runEpoch(0, (i, d, h) => (i === 0 ? true : i === 1 ? !(d === 1 && (h === 10 || h === 11)) : h < 10), async (hour) => {
    if (hour >= 10) return;
    const sent = lastSent.get(devices[2][0])!;
    malloryEpoch0.push(sent);
    for (let r = 0; r < 3; r++) await attempt("mallory replays a heartbeat to the same node", sent.node, sent.report);
  });
  showAttempts();
  await env.waitUntil(genesis + EPOCH + GRACE + 1);
  say(`Epoch 0 ends; after the ${span(GRACE)} grace both nodes close it, pulling each other's reports, and vote: the second vote finalizes the root and mints the epoch's emission`);
  await closeOnNodes(0);
  record("claim epoch 0 (proof from node 1)", "alice", await claimFrom(0, 0));
  const bobProof = await new OracleApiClient(nodes[1].url).operatorRewards(wallets[1].publicKey);
  if (bobProof.index === null || bobProof.proof === null) throw new Error("node 2 has no leaf for bob");
  record("crank claims for bob (proof from node 2)", "crank", await gw.claimBatch(network, [{ operator: bobProof.operator, amount: bobProof.cumulative, index: bobProof.index, proof: bobProof.proof }]));
  console.log(`  a crank claims ${fmt(BigInt(bobProof.claimable))} for bob with the proof from node 2's API`);

  // --- Epoch 1: mallory cheats ----------------------------------------------------------------
  say("Epoch 1: more customer burns (net emissions next epoch); mallory deactivates a device, tries to unstake, and spoofs heartbeats; oracles propose a slash");
  record("buy credits (burn 800)", "customer 2", await gw.customer(network, customers[1]).buyCredits(800n * UNIT));
  const mallory = gw.operator(network, wallets[2]);
  record("deactivate device", "mallory", await mallory.deactivateDevice(devices[2][1].publicKey));
  record("request unstake 1,000", "mallory", await mallory.requestUnstake(1_000n * UNIT));
  const spoofer = Keypair.generate();
  const evidence = createHash("sha256");
  const slash: { proposal?: SlashProposalRef; proposedAt: number } = { proposedAt: 0 };
  await runEpoch(1, (i) => i !== 2, async (hour, at) => {
    if (hour === 0) for (const old of malloryEpoch0) await attempt("mallory replays her epoch-0 heartbeats into epoch 1", old.node, old.report);
    // Heartbeats naming mallory's device, signed by a key that is not the device's.
    const forged: DeviceReport = { ...heartbeat(spoofer, 1, at), device: devices[2][0].publicKey };
    evidence.update(encodeReportMessage(forged));
    await attempt("mallory's spoofed heartbeats (not signed by the device key)", hour % 2, forged);
    await attempt("mallory's deactivated device keeps reporting", (hour + 1) % 2, heartbeat(devices[2][1], 1, at));
    if (hour === 2) {
      // Three hours of spoofing is the evidence: its hash goes on chain with the proposal.
      const proposal = await gw.oracle(network, oracles[0]).proposeSlash(wallets[2].publicKey, 1_500n * UNIT, 7, evidence.copy().digest());
      slash.proposal = proposal;
      slash.proposedAt = await env.now();
      record("propose slash 1,500 (evidence hash)", "oracle 1", proposal);
      record("approve slash", "oracle 2", await gw.oracle(network, oracles[1]).approveSlash(proposal));
    }
  });
  showAttempts();

  await env.waitUntil(genesis + 2 * EPOCH + GRACE + 1);
  say("Epoch 1 ends: the nodes close it and vote cumulative totals (bob skips claiming; one claim catches up later)");
  await closeOnNodes(1);
  record("claim epoch 1 (proof from node 2)", "alice", await claimFrom(1, 0));
  record("claim epochs 0+1 at once (node 1)", "mallory", await claimFrom(0, 2));

  // --- Epoch 2 --------------------------------------------------------------------------------
  say("Epoch 2 (the halving applies): alice's devices up all day, one of bob's misses 3 hours, mallory's silent");
  await runEpoch(2, (i, d, h) => (i === 0 ? true : i === 1 ? !(d === 0 && h >= 20 && h < 23) : false));
  if (!slash.proposal) throw new Error("no slash was proposed");
  await env.waitUntil(Math.max(slash.proposedAt + 2 * DAY + 1, genesis + 3 * EPOCH + GRACE + 1));
  say(`Epoch 2 ends and the ${span(2 * DAY)} dispute window has passed: anyone executes the slash (active stake first, then unbonding); the nodes close epoch 2`);
  const state = await gw.ctx.network.account.network.fetch(network);
  record("execute slash", "anyone", await gw.executeSlash(network, slash.proposal));
  await closeOnNodes(2);
  record("claim epochs 1+2 (proof from node 1)", "bob", await claimFrom(0, 1));

  // --- Report ---------------------------------------------------------------------------------
  const supply = (await getMint(conn, mint)).supply;
  const rewards = await fetchRewardsConfig(gw.ctx.rewards, network);
  const treasuryBalance = (await getAccount(conn, state.treasury)).amount;
  const vault = (await getAccount(conn, created.stakeVault)).amount;
  console.log("\n================ Groundwork lifecycle report ================\n");
  console.log("Operators");
  const opRows = [];
  for (const [i, w] of wallets.entries()) {
    const st = await gw.operator(network, w).status();
    opRows.push({
      operator: names[i], devices: st.devices.filter((d) => d.account.active !== 0).length, "active stake": fmt(st.activeStake), unbonding: fmt(st.unbondingStake),
      claimed: fmt(st.claimed), "wallet tokens": fmt(await gw.operator(network, w).tokenBalance()), jailed: st.jailed ? "yes" : "no",
    });
  }
  console.log(table(opRows));
  console.log("\nCustomers");
  const custRows = [];
  for (const [i, c] of customers.entries()) {
    const b = await gw.customer(network, c).balances();
    custRows.push({ customer: `customer ${i + 1}`, tokens: fmt(b.tokens), credits: b.credits.toLocaleString("en-US"), "provider allowance left": i === 0 ? (await gw.customer(network, c).allowance(provider.publicKey)).toLocaleString("en-US") : "-" });
  }
  console.log(table(custRows));
  const t0 = await fetchTally(gw.ctx.credits, network, 0);
  const t1 = await fetchTally(gw.ctx.credits, network, 1);
  console.log("\nSupply");
  console.log(table([
    { item: "token supply now", amount: fmt(supply) },
    { item: "emitted by rewards (3 epochs, incl. net emissions)", amount: fmt(BigInt(rewards.totalEmitted.toString())) },
    { item: "of which net emissions (re-minted burns)", amount: fmt(BigInt(rewards.totalNetEmitted.toString())) },
    { item: "burned for credits, epoch 0", amount: fmt(BigInt(t0?.tokensBurned.toString() ?? 0)) },
    { item: "burned for credits, epoch 1", amount: fmt(BigInt(t1?.tokensBurned.toString() ?? 0)) },
    { item: "claimed by operators", amount: fmt(BigInt(rewards.totalClaimed.toString())) },
    { item: "treasury (20% of emissions + slashed stake)", amount: fmt(treasuryBalance) },
    { item: "rewards vault (funded, not yet claimed)", amount: fmt((await getAccount(conn, created.rewardsVault!)).amount) },
    { item: "stake vault", amount: fmt(vault) },
  ]));
  console.log("\nOracle nodes (uptime policy, hourly heartbeats, embedded databases)");
  console.log(table(nodes.map((n, k) => ({
    node: `node ${k + 1} (oracle ${k + 1})`, "reports accepted": tallies[k].accepted,
    "rejected (reason: count)": Object.entries(tallies[k].rejected).map(([c, x]) => `${c}: ${x}`).join(", ") || "-",
    "pulled from peer": tallies[k].pulled, "epochs voted": tallies[k].voted.join(", "),
  }))));
  console.log("\nEpoch roots (both nodes archived the same root; two votes finalized it)");
  console.log(table(epochRows));
  console.log("\nRewards from the proofs API (node 2, against the root final on chain)");
  const apiRows = [];
  for (const [i, w] of wallets.entries()) {
    const r = await new OracleApiClient(nodes[1].url).operatorRewards(w.publicKey);
    apiRows.push({ operator: names[i], epoch: r.epoch, cumulative: fmt(BigInt(r.cumulative)), claimed: fmt(BigInt(r.claimed)), claimable: fmt(BigInt(r.claimable)) });
  }
  console.log(table(apiRows));
  console.log("\nCompute units per step");
  console.log(table(steps.map((s) => ({ step: s.step, by: s.who, "compute units": s.cu, txs: s.txs }))));
  console.log(`\n${steps.length} steps, ${steps.reduce((a, s) => a + s.txs, 0)} transactions, all on the real programs ${ON_CLUSTER ? `on ${CLUSTER_URL}` : "in the embedded SVM"}; ` +
    `${tallies.reduce((a, t) => a + t.accepted + Object.values(t.rejected).reduce((x, y) => x + y, 0), 0)} reports posted to 2 oracle nodes; ${((Date.now() - began) / 1000).toFixed(1)} s.`);
}

main()
  .catch((err) => {
    console.error(`lifecycle failed: ${err instanceof Error ? err.message : String(err)}`);
    if (err && typeof err === "object" && "logs" in err) console.error((err as { logs: string[] }).logs.join("\n"));
    process.exitCode = 1;
  })
  .finally(async () => {
    // With the nodes' servers, databases and verifier threads closed, the process exits on its own.
    for (const n of nodes) await n.stop().catch((e: Error) => console.error(`stopping an oracle node: ${e.message}`));
  });
