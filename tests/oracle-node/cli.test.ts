// The oracle node's CLI as its users run it (child processes, --json): a device sends reports with
// `groundwork device report`, two oracle nodes close the epoch and finalize its root, and the
// operator reads `groundwork rewards status` and claims with `groundwork rewards claim --oracle`.
// The CLI runs on a state file saved from this suite's embedded SVM; the nodes run in process.
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Keypair } from "@solana/web3.js";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, tmpDir, EMISSION, OPERATOR_BPS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";

const BIN = path.join(__dirname, "..", "..", "bin", "groundwork");

// [embedded-only]: the CLI runs on a saved embedded-SVM state file; epochs end by moving the clock.
describe("oracle node: device report, rewards status and rewards claim --oracle from the CLI [embedded-only]", function () {
  let f: NetworkFixture;
  let dir: string;
  let state: string;
  const nodes: OracleNode[] = [];
  const keyFile = (name: string, kp: Keypair) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    return file;
  };
  // Asynchronous: the nodes answering the CLI run in this process's event loop.
  const run = (keypair: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(BIN, ["--url", `embedded:${state}`, "--keypair", keypair, "--json", ...args], { env: { ...process.env, HOME: dir } });
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
    f = await networkFixture(2, 1);
    if (!f.env.svm) throw new Error("this suite saves the embedded SVM's state for the CLI");
    dir = tmpDir("cli");
    state = path.join(dir, "chain.bin");
    nodes.push(await startNode(f, f.oracles[0], nodeConfig(f, await databaseFor("embedded"))));
    nodes.push(await startNode(f, f.oracles[1], nodeConfig(f, await databaseFor("embedded"), { peers: [nodes[0].url] })));
    await f.at(0, 1_000);
    for (const n of nodes) await n.mirror.refresh();
    f.env.svm.svm.saveToFile(state);
  });

  after(async () => {
    for (const n of nodes) await n.stop().catch(() => undefined);
  });

  it("device report signs with the device keypair and sends; a rejection exits 3 with the node's reason code, bad flags exit 2", async () => {
    const device = keyFile("device", f.operators[0].devices[0]);
    const sent = await json<{ id: string; epoch: number; kind: string }>(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", nodes[0].url);
    expect(sent.id).to.match(/^[0-9a-f]{64}$/);
    expect([sent.epoch, sent.kind]).to.deep.equal([0, "heartbeat"]);
    const witness = await json<{ kind: string }>(device, "device", "report", f.network.toBase58(), "--device-keypair", device, "--oracle", nodes[0].url,
      "--kind", "witness", "--witnessed", f.operators[1].devices[0].publicKey.toBase58(), "--cell", "617700169958293503");
    expect(witness.kind).to.equal("witness");

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

  it("rewards status shows what the proofs API and the chain say; rewards claim --oracle claims it", async () => {
    // Before any epoch is finalized: a typed error (exit 3, NO_CLAIMABLE_ROOT with a hint), not INTERNAL.
    const early = await run(keyFile("early", f.operators[0].wallet), "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url);
    expect(early.status, early.stderr).to.equal(3);
    const earlyError = JSON.parse(early.stderr).error as { code: string; message: string; hint: string };
    expect(earlyError.code).to.equal("NO_CLAIMABLE_ROOT");
    expect(earlyError.hint).to.match(/retry/);
    // The SDK says the same with its error class.
    const { NoClaimableRootError } = await import("../../sdk/src/rewards/accounts");
    let thrown: unknown;
    await f.gw.operator(f.network, f.operators[0].wallet).claimFromOracle(nodes[1].url).catch((e: unknown) => (thrown = e));
    expect(thrown).to.be.instanceOf(NoClaimableRootError);
    expect((thrown as Error).message).to.include("no epoch has been finalized");

    await f.at(1, 601);
    for (const n of nodes) expect((await n.closeDueEpochs()).map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    f.env.svm!.svm.saveToFile(state);

    const wallet = f.operators[0].wallet;
    const op = keyFile("operator", wallet);
    // Only operator 0's device reported (one uptime slot): it earns the whole operators' emission.
    const earned = ((EMISSION * BigInt(OPERATOR_BPS)) / 10_000n).toString();
    type Status = { epoch: number; cumulativeBaseUnits: string; claimedBaseUnits: string; claimableBaseUnits: string; claimable: string };
    const before = await json<Status>(op, "rewards", "status", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([before.epoch, before.cumulativeBaseUnits, before.claimedBaseUnits, before.claimableBaseUnits]).to.deep.equal([0, earned, "0", earned]);
    // The fixture's mint has 0 decimals: UI units equal base units.
    expect(before.claimable).to.equal(earned);
    // --wallet reads another operator's row (the signer need not be that operator).
    const other = keyFile("other", f.operators[1].wallet);
    const otherRow = await json<Status & { operator: string }>(op, "rewards", "status", f.network.toBase58(), "--oracle", nodes[1].url, "--wallet", f.operators[1].wallet.publicKey.toBase58());
    expect([otherRow.operator, otherRow.cumulativeBaseUnits]).to.deep.equal([f.operators[1].wallet.publicKey.toBase58(), "0"]);
    const claimed = await json<{ paidBaseUnits: string; cumulativeBaseUnits: string; signature: string }>(op, "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([claimed.paidBaseUnits, claimed.cumulativeBaseUnits]).to.deep.equal([earned, earned]);
    expect(claimed.signature).to.be.a("string");
    const after = await json<Status>(op, "rewards", "status", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([after.claimedBaseUnits, after.claimableBaseUnits]).to.deep.equal([earned, "0"]);
    // The other operator has nothing to claim.
    const nothing = await json<{ paidBaseUnits: string; note: string }>(other, "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url);
    expect([nothing.paidBaseUnits, nothing.note]).to.deep.equal(["0", "nothing to claim"]);
    // Neither --proofs nor --oracle, or both: a usage error (exit 2).
    const neither = await run(op, "rewards", "claim", f.network.toBase58());
    expect(neither.status).to.equal(2);
    expect(JSON.parse(neither.stderr).error).to.include({ code: "USAGE", message: "give --proofs <file> or --oracle <url>" });
    const both = await run(op, "rewards", "claim", f.network.toBase58(), "--oracle", nodes[1].url, "--proofs", path.join(dir, "none.json"));
    expect(both.status).to.equal(2);
    // --wallet without --oracle: a usage error, not a silently ignored flag.
    expect((await run(op, "rewards", "status", f.network.toBase58(), "--wallet", f.operators[1].wallet.publicKey.toBase58())).status).to.equal(2);
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
