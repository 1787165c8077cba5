// The CLI as a script runs it: a child process per command, --json output parsed, exit codes
// checked. State lives in an embedded-SVM state file between commands.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Keypair } from "@solana/web3.js";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "groundwork");

describe("cli: groundwork as a child process", function () {
  this.timeout(300_000);
  if (process.env.ANCHOR_PROVIDER_URL) return; // drives its own embedded state file
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-cli-"));
  const state = path.join(dir, "state.bin");
  const keyFile = (name: string, kp = Keypair.generate()) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    return { file, kp };
  };
  const team = keyFile("team");
  const operator = keyFile("operator");
  const device = keyFile("device");
  const oracle = keyFile("oracle");

  function run(keypair: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync(BIN, ["--url", `embedded:${state}`, "--keypair", keypair, ...args], { encoding: "utf8", env: { ...process.env, HOME: dir } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function json<T = Record<string, unknown>>(keypair: string, ...args: string[]): T {
    const r = run(keypair, "--json", ...args);
    if (r.status !== 0) throw new Error(`groundwork ${args.join(" ")} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  let mint: string;
  let network: string;

  it("a team creates a token and a network from a config file", () => {
    mint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "6").mint;
    json(team.file, "token", "mint", mint, operator.kp.publicKey.toBase58(), "5000000000");
    const config = path.join(dir, "network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint, epochLengthSecs: 3600, stakePerDevice: 1_000_000_000, minOperatorStake: 0, unbondingSecs: 86400, slashDisputeWindowSecs: 3600,
      maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.kp.publicKey.toBase58()], oracleThreshold: 1,
    }));
    const created = json<{ network: string; transactions: { signature: string }[] }>(team.file, "network", "create", "--file", config);
    network = created.network;
    expect(created.transactions.length).to.be.greaterThan(0);
    const shown = json<{ authority: string; stakePerDevice: string; oracleThreshold: number }>(team.file, "network", "show", network);
    expect(shown.authority).to.equal(team.kp.publicKey.toBase58());
    expect(shown.stakePerDevice).to.equal("1000000000");
    expect(shown.oracleThreshold).to.equal(1);
  });

  it("an operator registers, stakes and registers a device; status reflects it", () => {
    json(operator.file, "wallet", "airdrop", "10");
    json(operator.file, "operator", "register", network);
    const staked = json<{ computeUnits: number }>(operator.file, "operator", "stake", network, "2000000000");
    expect(staked.computeUnits).to.be.greaterThan(0);
    const reg = json<{ device: string }>(operator.file, "device", "register", network, "--device-keypair", device.file, "--kind", "1", "--location", "622236750694711295");
    expect(reg.device).to.equal(device.kp.publicKey.toBase58());
    const status = json<{ activeStake: string; activeDevices: number; jailed: boolean }>(operator.file, "operator", "status", network);
    expect(status).to.include({ activeStake: "2000000000", activeDevices: 1, jailed: false });
  });

  it("prints a human table without --json", () => {
    const r = run(operator.file, "operator", "status", network);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^activeStake\s+2000000000$/m);
  });

  it("fails with one clear line and a non-zero exit code", () => {
    // Unbonding more than the free stake: 1 device needs 1,000,000,000 of the 2,000,000,000.
    const r = run(operator.file, "operator", "unstake", network, "1500000000");
    expect(r.status).to.equal(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^error: network program: .*\(StakeLockedByDevices, \d+\)$/);
    const bad = run(operator.file, "operator", "stake", network, "12.5");
    expect(bad.status).to.equal(1);
    expect(bad.stderr.trim()).to.equal("error: amount must be a whole number of base units: 12.5");
  });

  it("an oracle builds a tree and writes a proofs file with a progress-free JSON result", () => {
    const input = path.join(dir, "amounts.json");
    fs.writeFileSync(input, JSON.stringify([{ operator: operator.kp.publicKey.toBase58(), amount: "1000" }, { operator: Keypair.generate().publicKey.toBase58(), amount: "2000" }]));
    const out = path.join(dir, "proofs.json");
    const built = json<{ root: string; total: string; leafCount: number }>(oracle.file, "oracle", "build-tree", network, "--epoch", "0", "--input", input, "--out", out);
    expect(built.total).to.equal("3000");
    expect(built.leafCount).to.equal(2);
    const file = JSON.parse(fs.readFileSync(out, "utf8")) as { root: string; claims: unknown[] };
    expect(file.root).to.equal(built.root);
    expect(file.claims).to.have.length(2);
  });

  it("a team sets a root activation delay; rewards status shows it and the funding; veto without a pending root fails in one line", () => {
    const rmint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "6").mint;
    const config = path.join(dir, "rewards-network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint: rmint, epochLengthSecs: 3600, stakePerDevice: 1_000_000_000, minOperatorStake: 0, unbondingSecs: 86400, slashDisputeWindowSecs: 3600,
      maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.kp.publicKey.toBase58()], oracleThreshold: 1,
      rewards: { fundingMode: "vault", schedule: [{ startTs: 0, emissionPerEpoch: 1000 }], supplyCap: "1000000", operatorBps: 8000, netEmissionCap: 0 },
    }));
    const rnet = json<{ network: string }>(team.file, "network", "create", "--file", config).network;
    json(team.file, "rewards", "set-root-delay", rnet, "600");
    const status = json<Record<string, unknown>>(team.file, "rewards", "status", rnet);
    expect(status).to.include({ fundingMode: "vault", rootActivationDelaySecs: "600", claimableRoot: null, pendingRoot: null, supplyCap: "1000000", operatorBps: 8000, reservedForOperators: "0" });
    const tooLong = run(team.file, "rewards", "set-root-delay", rnet, "3601");
    expect(tooLong.status).to.equal(1);
    expect(tooLong.stderr.trim()).to.match(/^error: rewards program: .*\(InvalidActivationDelay, \d+\)$/);
    const veto = run(team.file, "rewards", "veto-root", rnet);
    expect(veto.status).to.equal(1);
    expect(veto.stderr.trim()).to.match(/^error: rewards program: .*\(NoPendingRoot, \d+\)$/);
  });
});
