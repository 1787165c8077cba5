// The oracle node end to end, as its users run it, on the embedded SVM or a cluster
// (ANCHOR_PROVIDER_URL): devices send signed reports (`groundwork device report` and HTTP), two
// oracle nodes (in process, embedded databases, each other's peer) close the epoch and finalize
// its root on chain, and operators claim with `groundwork rewards claim --oracle` and with the
// SDK's claimFromOracle; balances and the proofs API are checked after. The CLI runs as child
// processes (--json) on the same chain: the cluster's RPC URL, or on the embedded SVM a state file
// saved from this suite's chain (`sync`) before each CLI step.
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Keypair } from "@solana/web3.js";
import { getAccount, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, tmpDir, report, wire, post, get, EMISSION, OPERATOR_BPS, EPOCH_SECS, GRACE_SECS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { ensureBuilt } from "../support/build";

const BIN = path.join(__dirname, "..", "..", "bin", "groundwork");
const OPERATORS_EMISSION = (EMISSION * BigInt(OPERATOR_BPS)) / 10_000n;

describe("oracle node end to end: device reports, two nodes, a finalized root, claims with the CLI (--oracle) and the SDK", function () {
  let f: NetworkFixture;
  let dir: string;
  let state: string;
  let chainUrl: string;
  /** The epoch the devices reported in (on a cluster, whichever epoch the set-up ended in). */
  let reportEpoch: number;
  const nodes: OracleNode[] = [];
  /** On the embedded SVM, the CLI's chain is a state file: write this suite's chain to it. */
  const sync = () => f.env.svm?.svm.saveToFile(state);
  const keyFile = (name: string, kp: Keypair) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    return file;
  };
  // Asynchronous: the nodes answering the CLI run in this process's event loop.
  const run = (keypair: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(BIN, ["--url", chainUrl, "--keypair", keypair, "--json", ...args], { env: { ...process.env, HOME: dir } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
    });
  const json = async <T = Record<string, unknown>>(keypair: string, ...args: string[]): Promise<T> => {
    const r = await run(keypair, ...args);
    if (r.status !== 0) throw new Error(`groundwork ${args.join(" ")} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };

  before(async function () {
    ensureBuilt();
    f = await networkFixture(3, 1);
    dir = tmpDir("cli");
    state = path.join(dir, "chain.bin");
    chainUrl = process.env.ANCHOR_PROVIDER_URL ?? `embedded:${state}`;
    nodes.push(await startNode(f, f.oracles[0], nodeConfig(f, await databaseFor("embedded"))));
    nodes.push(await startNode(f, f.oracles[1], nodeConfig(f, await databaseFor("embedded"), { peers: [nodes[0].url] })));
    nodes[0].config.peers.push(nodes[1].url);
    await f.at(0, EPOCH_SECS / 4);
    for (const n of nodes) await n.mirror.refresh();
    sync();
  });

  after(async () => {
    for (const n of nodes) await n.stop().catch(() => undefined);
  });

  it("device report signs with the device keypair and sends; a rejection exits 3 with the node's reason code, bad flags exit 2", async () => {
    const device = keyFile("device", f.operators[0].devices[0]);
    const epochBefore = Math.floor(((await f.env.now()) - f.genesis) / EPOCH_SECS);
    const sent = await json<{ id: string; epoch: number; kind: string }>(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", nodes[0].url);
    expect(sent.id).to.match(/^[0-9a-f]{64}$/);
    expect(sent.kind).to.equal("heartbeat");
    // Without --timestamp the report is for the cluster's current epoch (0 on the embedded SVM).
    expect(sent.epoch).to.be.at.least(epochBefore);
    reportEpoch = sent.epoch;
    if (f.env.svm) expect(reportEpoch).to.equal(0);
    const witness = await json<{ kind: string; epoch: number }>(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", nodes[0].url,
      "--kind", "witness", "--witnessed", f.operators[1].devices[0].publicKey.toBase58(), "--cell", "617700169958293503", "--epoch", String(reportEpoch), "--timestamp", String(f.genesis + reportEpoch * EPOCH_SECS + 2));
    expect([witness.kind, witness.epoch]).to.deep.equal(["witness", reportEpoch]);
    // The second operator's device posts its heartbeat of the same epoch over HTTP to the other node.
    const other = report(f.operators[1].devices[0], f.network, reportEpoch, f.genesis + reportEpoch * EPOCH_SECS + 3);
    expect((await post(`${nodes[1].url}/v1/reports`, wire(other))).status).to.equal(201);

    const stranger = keyFile("stranger", Keypair.generate());
    const refused = await run(stranger, "device", "report", f.network.toBase58(), "--device-keypair", stranger, "--oracle", nodes[0].url);
    expect(refused.status).to.equal(3);
    const refusal = JSON.parse(refused.stderr) as { error: { code: string; oracleCode: string; httpStatus: number; message: string } };
    expect([refusal.error.code, refusal.error.oracleCode, refusal.error.httpStatus]).to.deep.equal(["ORACLE_REJECTED", "unknown_device", 403]);
    expect(refusal.error.message).to.match(/unknown_device, HTTP 403/);
    const badKind = await run(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", nodes[0].url, "--kind", "work", "--units", "5");
    expect(badKind.status).to.equal(2);
    expect(badKind.stderr).to.match(/--customer is required/);
    // The cell is checked as an H3 cell before anything is sent.
    const badCell = await run(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", nodes[0].url,
      "--kind", "witness", "--witnessed", f.operators[1].devices[0].publicKey.toBase58(), "--cell", "12345");
    expect(badCell.status).to.equal(2);
    expect(JSON.parse(badCell.stderr).error.code).to.equal("INVALID_ARGUMENT");
    // A node that is not there: its own code, exit 4, naming the node and not the RPC endpoint.
    const away = await run(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", "http://127.0.0.1:1", "--epoch", "0", "--timestamp", "1000");
    expect(away.status).to.equal(4);
    expect(JSON.parse(away.stderr).error).to.include({ code: "ORACLE_UNREACHABLE", oracle: "http://127.0.0.1:1" });
  });

  it("before any root: NO_CLAIMABLE_ROOT (CLI exit 3) and NoClaimableRootError (SDK)", async () => {
    const early = await run(keyFile("early", f.operators[0].wallet), "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url);
    expect(early.status, early.stderr).to.equal(3);
    const earlyError = JSON.parse(early.stderr).error as { code: string; message: string; hint: string };
    expect(earlyError.code).to.equal("NO_CLAIMABLE_ROOT");
    expect(earlyError.hint).to.match(/retry/);
    const { NoClaimableRootError } = await import("../../sdk/src/rewards/accounts");
    let thrown: unknown;
    await f.gw.operator(f.network, f.operators[0].wallet).claimFromOracle(nodes[1].url).catch((e: unknown) => (thrown = e));
    expect(thrown).to.be.instanceOf(NoClaimableRootError);
    expect((thrown as Error).message).to.include("no epoch has been finalized");
  });

  it("the nodes close the epoch, pulling each other's reports, and finalize the same root on chain", async () => {
    await f.at(reportEpoch + 1, GRACE_SECS + 1);
    const closed = [];
    for (const n of nodes) closed.push(await n.closeDueEpochs());
    const epochs = Array.from({ length: reportEpoch + 1 }, (_, e) => e);
    for (const c of closed) {
      expect(c.filter((r) => r.state === "archived").map((r) => r.epoch)).to.deep.equal(epochs);
      expect(c.filter((r) => r.state === "voted").map((r) => r.epoch)).to.deep.equal(epochs);
    }
    const last = closed.map((c) => c.find((r) => r.state === "archived" && r.epoch === reportEpoch)!);
    expect(last[0].root).to.equal(last[1].root);
    // Each node heard one of the two heartbeats and pulled the other's from its peer.
    expect(last.map((r) => r.reportCount)).to.deep.equal([3, 3]);
    const { fetchRewardsConfig } = await import("../../sdk/src/rewards/accounts");
    const cfg = await fetchRewardsConfig(f.gw.ctx.rewards, f.network);
    expect([Number(cfg.currentRootEpoch.toString()), Buffer.from(cfg.currentRoot).toString("hex")]).to.deep.equal([reportEpoch, last[0].root]);
  });

  it("rewards status shows what the proofs API and the chain say; operators claim with the SDK and with rewards claim --oracle; balances follow", async () => {
    // Epochs before the report epoch paid no one (their emission carried over), so the report
    // epoch distributes (reportEpoch + 1) operators' emissions, half to each device's operator (one slot each).
    const earned = (BigInt(reportEpoch + 1) * OPERATORS_EMISSION) / 2n;
    const [first, second, idle] = f.operators;
    const ata = (w: Keypair) => getAssociatedTokenAddressSync(f.mint, w.publicKey, true);
    // Each operator's ATA held its unstaked tokens (10,000 − 1,000 staked).
    const held = 9_000n;

    // The SDK: claimFromOracle checks the node's proof against the on-chain root, then claims.
    const sent = await f.gw.operator(f.network, second.wallet).claimFromOracle(nodes[0].url);
    expect([sent!.amount, sent!.claimable]).to.deep.equal([earned, earned]);
    expect((await getAccount(f.env.connection, ata(second.wallet))).amount).to.equal(held + earned);
    const secondRow = (await get(`${nodes[1].url}/v1/operators/${second.wallet.publicKey.toBase58()}`)).body;
    expect([secondRow.cumulative, secondRow.claimed, secondRow.claimable]).to.deep.equal([earned.toString(), earned.toString(), "0"]);
    sync();

    // The CLI.
    const op = keyFile("operator", first.wallet);
    type Status = { epoch: number; cumulativeBaseUnits: string; claimedBaseUnits: string; claimableBaseUnits: string; claimable: string };
    const before = await json<Status>(op, "rewards", "status", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([before.epoch, before.cumulativeBaseUnits, before.claimedBaseUnits, before.claimableBaseUnits]).to.deep.equal([reportEpoch, earned.toString(), "0", earned.toString()]);
    // The fixture's mint has 0 decimals: UI units equal base units.
    expect(before.claimable).to.equal(earned.toString());
    // --wallet reads another operator's row (the signer need not be that operator).
    const idleRow = await json<Status & { operator: string }>(op, "rewards", "status", f.network.toBase58(), "--oracle", nodes[1].url, "--wallet", idle.wallet.publicKey.toBase58());
    expect([idleRow.operator, idleRow.cumulativeBaseUnits]).to.deep.equal([idle.wallet.publicKey.toBase58(), "0"]);
    const balance = async () => (await json<{ amountBaseUnits: string }>(op, "token", "balance", f.mint.toBase58())).amountBaseUnits;
    expect(await balance()).to.equal(held.toString());
    const claimed = await json<{ paidBaseUnits: string; cumulativeBaseUnits: string; signature: string }>(op, "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([claimed.paidBaseUnits, claimed.cumulativeBaseUnits]).to.deep.equal([earned.toString(), earned.toString()]);
    expect(claimed.signature).to.be.a("string");
    expect(await balance()).to.equal((held + earned).toString());
    const after = await json<Status>(op, "rewards", "status", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([after.claimedBaseUnits, after.claimableBaseUnits]).to.deep.equal([earned.toString(), "0"]);
    // A second claim has nothing left: the CLI says so and sends nothing.
    const again = await json<{ paidBaseUnits: string; note: string }>(op, "rewards", "claim", f.network.toBase58(), "--oracle", nodes[0].url);
    expect([again.paidBaseUnits, again.note]).to.deep.equal(["0", "nothing to claim"]);
    expect(await balance()).to.equal((held + earned).toString());
    // The operator whose devices sent nothing has nothing to claim.
    const nothing = await json<{ paidBaseUnits: string; note: string }>(keyFile("idle", idle.wallet), "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([nothing.paidBaseUnits, nothing.note]).to.deep.equal(["0", "nothing to claim"]);
    // Neither --proofs nor --oracle, or both: a usage error (exit 2).
    const neither = await run(op, "rewards", "claim", f.network.toBase58());
    expect(neither.status).to.equal(2);
    expect(JSON.parse(neither.stderr).error).to.include({ code: "USAGE", message: "give --proofs <file> or --oracle <url>" });
    const both = await run(op, "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url, "--proofs", path.join(dir, "none.json"));
    expect(both.status).to.equal(2);
    // --wallet without --oracle: a usage error, not a silently ignored flag.
    expect((await run(op, "rewards", "status", f.network.toBase58(), "--wallet", idle.wallet.publicKey.toBase58())).status).to.equal(2);
  });

  it("oracle serve --config names the node's config, not the Solana CLI config given to the root with -C", () => {
    const nodeConfig = path.join(dir, "node-bad.json");
    fs.writeFileSync(nodeConfig, JSON.stringify({ network: f.network.toBase58() }));
    const serve = (...args: string[]) => spawnSync(BIN, ["--json", ...args], { encoding: "utf8", env: { ...process.env, HOME: dir } });
    for (const args of [["-C", path.join(dir, "solana.yml"), "oracle", "serve", "--config", nodeConfig], ["oracle", "serve", "-C", nodeConfig], ["oracle", "serve", `--config=${nodeConfig}`]]) {
      const r = serve(...args);
      expect(r.status, args.join(" ")).to.equal(2);
      const e = (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
      expect(e.code).to.equal("INVALID_CONFIG");
      expect(e.message.startsWith(`${nodeConfig}: `), e.message).to.equal(true);
    }
    // -C before `oracle` alone is the Solana CLI config: serve still asks for its own.
    const missing = serve("-C", nodeConfig, "oracle", "serve");
    expect(missing.status).to.equal(2);
    expect(JSON.parse(missing.stderr).error).to.include({ code: "USAGE", message: "oracle serve needs --config <file>" });
  });
});
