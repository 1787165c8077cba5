// migrations/deploy.ts: creates a network from a config file, and on later runs sends only what
// differs between the file and the chain — nothing at all when they match.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { deploy, DeployConfig, DeployResult, loadDeployConfig, parseDeployConfig } from "../../migrations/deploy";
import { testEnv, TestEnv } from "../support/env";
import { NETWORK_PROGRAM_ID, CREDITS_PROGRAM_ID, REWARDS_PROGRAM_ID } from "../../sdk/src/ids";
import { Groundwork } from "../../sdk/src/groundwork";

const ROOT = path.join(__dirname, "..", "..");

/** Every account deploy could touch: the three programs' accounts, the mint, the treasury, the payer. */
async function snapshot(env: TestEnv, extra: PublicKey[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const program of [NETWORK_PROGRAM_ID, CREDITS_PROGRAM_ID, REWARDS_PROGRAM_ID]) {
    for (const a of await env.connection.getProgramAccounts(program)) out.set(a.pubkey.toBase58(), `${a.account.lamports}:${a.account.data.toString("base64")}`);
  }
  for (const k of extra) {
    const a = await env.connection.getAccountInfo(k);
    out.set(k.toBase58(), a ? `${a.lamports}:${a.data.toString("base64")}` : "absent");
  }
  return out;
}

function changedAccounts(before: Map<string, string>, after: Map<string, string>): string[] {
  const all = new Set([...before.keys(), ...after.keys()]);
  return [...all].filter((k) => before.get(k) !== after.get(k)).sort();
}

// A week of unbonding embedded; on a cluster two seconds, so that the governance timelock (the
// unbonding period plus 24 × its floor) is waited out in about a minute of real time.
const UNBONDING_SECS = process.env.ANCHOR_PROVIDER_URL ? 2 : 604_800;

describe("migrations/deploy: idempotent network setup from a config file", function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-deploy-"));
  const mintKey = Keypair.generate();
  fs.writeFileSync(path.join(dir, "mint.json"), JSON.stringify(Array.from(mintKey.secretKey)));
  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey.toBase58());
  const baseFile = {
    mint: { keypair: "mint.json", decimals: 6, initialSupply: "5000000000000" },
    epochLengthSecs: 86_400,
    stakePerDevice: "1000000000",
    minOperatorStake: "500000000",
    unbondingSecs: UNBONDING_SECS,
    slashDisputeWindowSecs: 172_800,
    maxSlashBps: 5_000,
    slashDestination: "treasury",
    oracles,
    oracleThreshold: 2,
    credits: { mode: "fixed", creditsPerToken: 100, breakerWindowSecs: 86_400, breakerMaxCredits: "10000000" },
    rewards: {
      fundingMode: "mint",
      schedule: [{ startTs: 1_767_225_600, emissionPerEpoch: "100000000000" }, { startTs: 4_102_444_800, emissionPerEpoch: "50000000000" }],
      supplyCap: "20000000000000",
      operatorBps: 8_000,
      netEmissionCap: "10000000000",
    },
  };
  type FileShape = typeof baseFile;
  const configOf = (edit: (f: FileShape) => void = () => undefined): DeployConfig => {
    const f = JSON.parse(JSON.stringify(baseFile)) as FileShape;
    edit(f);
    return parseDeployConfig(f as unknown as Record<string, unknown>, dir);
  };

  let env: TestEnv;
  let sends = 0;
  let network: PublicKey;
  let extra: PublicKey[];
  const run = async (config: DeployConfig): Promise<{ result: DeployResult; sent: number; changed: string[]; log: string[] }> => {
    const before = await snapshot(env, extra);
    const start = sends;
    const log: string[] = [];
    const result = await deploy(env.provider, config, { log: (l) => log.push(l) });
    const after = await snapshot(env, extra);
    return { result, sent: sends - start, changed: changedAccounts(before, after), log };
  };

  before(() => {
    env = testEnv();
    // Count every transaction that reaches the connection, whoever builds it.
    const conn = env.connection;
    const original = conn.sendRawTransaction.bind(conn);
    conn.sendRawTransaction = (...args: Parameters<typeof original>) => {
      sends++;
      return original(...args);
    };
    extra = [mintKey.publicKey, getAssociatedTokenAddressSync(mintKey.publicKey, env.payer.publicKey, true), env.payer.publicKey];
  });

  it("first run creates the mint and the network with credits and rewards", async () => {
    const { result, sent } = await run(configOf());
    network = result.network;
    expect(result.changes.map((c) => c.action)).to.deep.equal(["create_mint", "create_network"]);
    expect(sent).to.equal(result.transactions.length).and.to.be.greaterThan(1);
    const gw = Groundwork.connect(env.provider);
    const n = await gw.ctx.network.account.network.fetch(network);
    expect(n.authority.toBase58()).to.equal(env.payer.publicKey.toBase58());
    expect(n.stakePerDevice.toString()).to.equal("1000000000");
    expect(n.oracleThreshold).to.equal(2);
  });

  it("second run with the same file sends no transaction and changes no account", async () => {
    const { result, sent, changed } = await run(configOf());
    expect(result.changes).to.deep.equal([]);
    expect(result.transactions).to.deep.equal([]);
    expect(sent).to.equal(0);
    expect(changed).to.deep.equal([]);
  });

  it("the oracle list in another order is the same set: still up to date", async () => {
    const { sent, changed } = await run(configOf((f) => f.oracles.reverse()));
    expect(sent).to.equal(0);
    expect(changed).to.deep.equal([]);
  });

  // Each edit of the file must produce exactly its own instruction and change exactly one account.
  const cases: { name: string; edit: (f: FileShape) => void; action: string; details: string[]; account: () => string }[] = [
    { name: "stakePerDevice", edit: (f) => { f.stakePerDevice = "2000000000"; }, action: "update_params", details: ["stakePerDevice: 1000000000 → 2000000000"], account: () => network.toBase58() },
    { name: "oracleThreshold", edit: (f) => { f.oracleThreshold = 3; }, action: "set_oracles", details: ["threshold: 2 of 3 → 3 of 3"], account: () => network.toBase58() },
    { name: "credits.creditsPerToken", edit: (f) => { f.credits.creditsPerToken = 150; }, action: "update_credits_config", details: ["creditsPerToken: 100 → 150"], account: () => PublicKey.findProgramAddressSync([Buffer.from("credits"), network.toBuffer()], CREDITS_PROGRAM_ID)[0].toBase58() },
    { name: "rewards.operatorBps", edit: (f) => { f.rewards.operatorBps = 7_000; }, action: "update_rewards_config", details: ["operatorBps: 8000 → 7000"], account: () => PublicKey.findProgramAddressSync([Buffer.from("rewards"), network.toBuffer()], REWARDS_PROGRAM_ID)[0].toBase58() },
    { name: "rewards.rootActivationDelaySecs", edit: (f) => { (f.rewards as Record<string, unknown>).rootActivationDelaySecs = 3_600; }, action: "set_root_activation_delay", details: ["rootActivationDelaySecs: 0 → 3600"], account: () => PublicKey.findProgramAddressSync([Buffer.from("rewards"), network.toBuffer()], REWARDS_PROGRAM_ID)[0].toBase58() },
  ];
  let applied: ((f: FileShape) => void)[] = [];
  for (const c of cases) {
    it(`changing ${c.name} in the file sends exactly ${c.action}, then nothing`, async () => {
      applied = [...applied, c.edit];
      const config = configOf((f) => applied.forEach((e) => e(f)));
      const { result, sent, changed } = await run(config);
      expect(result.changes).to.deep.equal([{ action: c.action, details: c.details }]);
      expect(sent).to.equal(1);
      // The config account and the payer (fees) change, nothing else.
      expect(changed).to.deep.equal([c.account(), env.payer.publicKey.toBase58()].sort());
      const again = await run(config);
      expect(again.sent).to.equal(0);
      expect(again.changed).to.deep.equal([]);
    });
  }

  it("refuses a change to what cannot change, before sending anything", async () => {
    const before = sends;
    let error: Error | undefined;
    await deploy(env.provider, configOf((f) => { f.epochLengthSecs = 3_600; f.stakePerDevice = "3000000000"; })).catch((e: Error) => { error = e; });
    expect(error?.message).to.match(/cannot change: epochLengthSecs is 86400, the file says 3600/);
    expect(sends).to.equal(before);
  });

  it("a dry run reports the difference and sends nothing", async () => {
    const config = configOf((f) => { applied.forEach((e) => e(f)); f.maxSlashBps = 2_500; });
    const before = sends;
    const result = await deploy(env.provider, config, { dryRun: true });
    expect(result.changes).to.deep.equal([{ action: "update_params", details: ["maxSlashBps: 5000 → 2500"] }]);
    expect(sends).to.equal(before);
  });

  it("a change that weakens protection is queued once, not re-sent while it waits, and applied by the first run after it is due", async () => {
    const config = configOf((f) => { applied.forEach((e) => e(f)); f.maxSlashBps = 6_000; });
    const gw = Groundwork.connect(env.provider);
    const first = await run(config);
    expect(first.result.changes).to.deep.equal([{ action: "update_params", details: ["maxSlashBps: 5000 → 6000"] }]);
    let n = await gw.ctx.network.account.network.fetch(network);
    expect(n.maxSlashBps).to.equal(5_000);
    expect(n.pendingMaxSlashBps).to.equal(6_000);
    const eta = n.pendingParamsEta.toNumber();
    // Re-sending would restart the timelock: the run reports the queued change and sends nothing.
    const waiting = await run(config);
    expect(waiting.sent).to.equal(0);
    expect(waiting.changed).to.deep.equal([]);
    expect(waiting.log.join("\n")).to.match(/update_params is queued behind the governance timelock until/);
    await env.waitSeconds(eta - (await env.now()));
    const due = await run(config);
    expect(due.result.changes.map((c) => c.action)).to.deep.equal(["apply_governance"]);
    n = await gw.ctx.network.account.network.fetch(network);
    expect(n.maxSlashBps).to.equal(6_000);
    expect((await run(config)).sent).to.equal(0);
    applied = [...applied, (f) => { f.maxSlashBps = 6_000; }];
  });

  it("rejects a config with a missing or malformed field, naming it", () => {
    const broken = (edit: (f: Record<string, unknown>) => void) => {
      const f = JSON.parse(JSON.stringify(baseFile)) as Record<string, unknown>;
      edit(f);
      return () => parseDeployConfig(f, dir);
    };
    expect(broken((f) => delete f.unbondingSecs)).to.throw('config field "unbondingSecs" is missing');
    expect(broken((f) => { f.stakePerDevice = 1.5; })).to.throw('config field "stakePerDevice" must be a whole number');
    expect(broken((f) => { f.slashDestination = "void"; })).to.throw('config field "slashDestination" must be one of treasury, burn');
    expect(broken((f) => { (f.oracles as string[])[1] = "not-a-key"; })).to.throw('config field "oracles[1]" is not a base58 public key');
    expect(broken((f) => { f.stakePerDevice = "-5"; })).to.throw('config field "stakePerDevice" must not be negative: "-5"');
    expect(broken((f) => { f.stakePerDevice = "18446744073709551616"; })).to.throw('config field "stakePerDevice" is too large: 18446744073709551616 (at most 18446744073709551615)');
    expect(broken((f) => { f.maxSlashBps = 10_001; })).to.throw('config field "maxSlashBps" is too large: 10001 (at most 10000)');
    expect(broken((f) => { f.oracleThreshold = 4; })).to.throw('config field "oracleThreshold" is too large: 4 (at most 3)');
    expect(broken((f) => { f.stakePerDevise = "1"; })).to.throw('config field "stakePerDevise" is not a known field');
    expect(broken((f) => { f.epochLengthSecs = 2 ** 60; })).to.throw('config field "epochLengthSecs" is above 2^53 and lost precision in JSON');
  });

  it("the example config parses", () => {
    // Its mint keypair is made by whoever deploys it; parse with a throwaway one beside a copy.
    const copy = path.join(dir, "example.json");
    fs.copyFileSync(path.join(ROOT, "deploy", "network.example.json"), copy);
    const kp = JSON.parse(fs.readFileSync(copy, "utf8")).mint.keypair as string;
    fs.writeFileSync(path.join(dir, kp), JSON.stringify(Array.from(Keypair.generate().secretKey)));
    const config = loadDeployConfig(copy);
    expect(config.credits?.mode).to.equal("fixed");
    expect(config.rewards?.schedule.length).to.be.greaterThan(0);
  });

  // As a command: on an embedded state file, or on the cluster of ANCHOR_PROVIDER_URL (a funded
  // wallet of its own). The state file's own checks are the [embedded-only] case.
  describe("as a command (npm run deploy)", () => {
    const cluster = process.env.ANCHOR_PROVIDER_URL;
    const state = path.join(dir, "state.bin");
    const wallet = path.join(dir, "team.json");
    const file = path.join(dir, "cli-network.json");
    const cmd = (...extraArgs: string[]) => {
      const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "migrations", "deploy.ts"), "--url", cluster ?? `embedded:${state}`, "--keypair", wallet, "--config", file, ...extraArgs],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, HOME: dir, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    before(async () => {
      const team = Keypair.generate();
      fs.writeFileSync(wallet, JSON.stringify(Array.from(team.secretKey)));
      if (cluster) await testEnv().airdrop(team.publicKey, 10);
      const mint = Keypair.generate();
      fs.writeFileSync(path.join(dir, "cli-mint.json"), JSON.stringify(Array.from(mint.secretKey)));
      fs.writeFileSync(file, JSON.stringify({ ...baseFile, mint: { keypair: "cli-mint.json", decimals: 6 } }));
    });

    it("refuses a mistyped state file before sending anything [embedded-only: checks the embedded chain's own state file (--url embedded:<path>), which a run on a cluster does not use]", () => {
      const noState = cmd();
      expect(noState.status).to.equal(2);
      expect(noState.stderr).to.include(`error: embedded state file not found: ${state}`);
      expect(fs.existsSync(state), "nothing saved").to.equal(false);
    });

    it("refuses a mint-mode handover without --yes before sending anything", () => {
      const unconfirmed = cmd("--create");
      expect(unconfirmed.status).to.equal(5);
      expect(unconfirmed.stderr).to.match(/^error: Rewards "mint" mode hands the mint authority of \w+ from \w+ to the rewards program/);
      expect(unconfirmed.stderr).to.include("pass --yes to confirm");
      if (!cluster) expect(fs.existsSync(state), "nothing saved").to.equal(false);
    });

    it("creates on the first run and prints 'up to date' on the second", () => {
      const first = cmd("--create", "--yes");
      expect(first.status, first.stderr).to.equal(0);
      expect(first.stdout).to.match(/create_network/);
      const second = cmd();
      expect(second.status, second.stderr).to.equal(0);
      expect(second.stdout).to.match(/up to date: nothing sent/);
      expect(second.stdout).not.to.match(/update_|set_oracles|create_/);
    });

    it("prints what it changed after an edit of the file", () => {
      fs.writeFileSync(file, JSON.stringify({ ...baseFile, mint: { keypair: "cli-mint.json", decimals: 6 }, unbondingSecs: 1_209_600 }));
      const r = cmd();
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`update_params\\n\\s+unbondingSecs: ${UNBONDING_SECS} → 1209600\\n`));
      expect(r.stdout).to.match(/done: 1 change\(s\) in 1 transaction\(s\)/);
    });
  });
});
