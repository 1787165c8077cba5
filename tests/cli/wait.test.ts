// `groundwork wait`: the clock-waiting logic with a fake clock (timeouts, polling cadence), and the
// command as a script runs it (a child process per command, --output json) on the chain the suite
// runs on: an embedded state file, whose clock the command moves, or the cluster of
// ANCHOR_PROVIDER_URL (npm run test:validator), whose Clock sysvar it polls. The network's periods
// come from tests/support/time.ts: days on the embedded SVM, seconds on a cluster.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Keypair } from "@solana/web3.js";
import { ClockSource, MAX_POLL_MS, MIN_POLL_MS, pollDelayMs, utc, waitForChainTime } from "../../sdk/src/cli/clock";
import { CliError } from "../../sdk/src/cli/errors";
import { ensureBuilt } from "../support/build";
import { NETWORK_TIME } from "../support/time";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "groundwork");
const CLUSTER_URL = process.env.ANCHOR_PROVIDER_URL || undefined;

/** A chain clock that advances `perPoll` seconds on each read, and a wall clock moved only by sleeping. */
function fakeClock(start: number, perPoll: number): ClockSource & { sleeps: number[]; reads: number } {
  let chain = start;
  let wall = 1_000_000;
  const c = {
    sleeps: [] as number[],
    reads: 0,
    async chainNow() {
      c.reads++;
      const now = chain;
      chain += perPoll;
      return now;
    },
    wallNowMs: () => wall,
    async sleep(ms: number) {
      c.sleeps.push(ms);
      wall += ms;
    },
  };
  return c;
}

describe("cli: groundwork wait — the clock wait", () => {
  it("polls about every slot near the target and at most once a minute far from it", () => {
    expect(pollDelayMs(0)).to.equal(MIN_POLL_MS);
    expect(pollDelayMs(0.5)).to.equal(MIN_POLL_MS);
    expect(pollDelayMs(10)).to.equal(5_000);
    expect(pollDelayMs(7 * 86_400)).to.equal(MAX_POLL_MS);
  });

  it("returns at the first read at or past the target, without sleeping when it has passed", async () => {
    const past = fakeClock(2_000, 1);
    expect(await waitForChainTime(past, 1_500, "a past moment")).to.deep.equal({ chainNow: 2_000, waitedMs: 0, polls: 1 });
    expect(past.sleeps).to.deep.equal([]);
    const clock = fakeClock(1_000, 2);
    const r = await waitForChainTime(clock, 1_005, "five seconds");
    expect(r.chainNow).to.equal(1_006);
    expect(r.polls).to.equal(4);
    // Half the remaining time, never less than a slot: 5 s → 2.5 s, 3 s → 1.5 s, 1 s → 0.5 s.
    expect(clock.sleeps).to.deep.equal([2_500, 1_500, 500]);
  });

  it("times out with WAIT_TIMEOUT (exit code 7) after --timeout wall-clock seconds, never sleeping past them", async () => {
    const stalled = fakeClock(1_000, 0);
    const err = await waitForChainTime(stalled, 1_000 + 3_600, "an hour", 5).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(CliError);
    const e = err as CliError;
    expect([e.code, e.exitCode]).to.deep.equal(["WAIT_TIMEOUT", 7]);
    expect(e.message).to.equal(`timed out after 5 s waiting for an hour: the cluster's clock reads 1000, 3600 s before 4600 (${utc(4_600)})`);
    expect(e.toJSON()).to.include({ target: 4_600, chainNow: 1_000, timeoutSecs: 5 });
    expect(stalled.sleeps.reduce((a, b) => a + b, 0)).to.equal(5_000);
    expect(utc(1_767_225_600)).to.equal("2026-01-01T00:00:00Z");
  });
});

describe("cli: groundwork wait — on the chain the suite runs on (embedded: moves the clock; a cluster: polls it)", function () {
  // Some 40 CLI processes: minutes on a loaded two-core machine, on either chain.
  this.timeout(900_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-wait-"));
  const url = CLUSTER_URL ?? `embedded:${path.join(dir, "state.bin")}`;
  const keyFile = (name: string) => {
    const kp = Keypair.generate();
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    return { file, address: kp.publicKey.toBase58() };
  };
  const team = keyFile("team");
  const operator = keyFile("operator");
  const oracle = keyFile("oracle");
  const env = { ...process.env, HOME: dir };
  let network: string;

  interface Result { status: number; stdout: string; stderr: string }
  const run = (keypair: string, ...args: string[]): Result => {
    const r = spawnSync(BIN, ["--url", url, "--keypair", keypair, "--output", "json", ...args], { encoding: "utf8", env });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  function json<T = Record<string, unknown>>(keypair: string, ...args: string[]): T {
    const r = run(keypair, ...args);
    if (r.status !== 0) throw new Error(`groundwork ${args.join(" ")} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
  function fails(keypair: string, ...args: string[]): { code: string; message: string; hint?: string; exitCode: number; status: number; [k: string]: unknown } {
    const r = run(keypair, ...args);
    expect(r.status, `expected groundwork ${args.join(" ")} to fail: ${r.stdout}`).to.not.equal(0);
    const e = (JSON.parse(r.stderr.trim()) as { error: { code: string; message: string; exitCode: number } }).error;
    expect(e.exitCode).to.equal(r.status);
    return { ...e, status: r.status };
  }
  const now = () => json<{ now: number }>(team.file, "epoch", "status", network).now;

  before(function () {
    ensureBuilt();
    // A network with the suites' periods and a funded rewards vault, an operator with 2,000 staked, and an oracle that alone approves slashes.
    json(team.file, "--create", "wallet", "airdrop", "10");
    json(team.file, "wallet", "airdrop", "2", "--to", operator.address);
    json(team.file, "wallet", "airdrop", "1", "--to", oracle.address);
    const mint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "6").mint;
    json(team.file, "token", "mint", mint, operator.address, "3000");
    json(team.file, "token", "mint", mint, team.address, "10");
    const config = path.join(dir, "network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint, stakePerDevice: "1000000000", minOperatorStake: 0, maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
      epochLengthSecs: NETWORK_TIME.epochLengthSecs, unbondingSecs: NETWORK_TIME.unbondingSecs, slashDisputeWindowSecs: NETWORK_TIME.slashDisputeWindowSecs,
      rewards: { fundingMode: "vault", schedule: [{ startTs: 0, emissionPerEpoch: 1000 }], supplyCap: "1000000", operatorBps: 8000, netEmissionCap: 0 },
    }));
    network = json<{ network: string }>(team.file, "network", "create", "--file", config).network;
    json(team.file, "rewards", "fund-vault", network, "1");
    json(operator.file, "operator", "register", network);
    json(operator.file, "operator", "stake", network, "2000");
  });

  it("bad input: a clear error with its code, before any waiting", () => {
    expect(fails(team.file, "wait", "epoch", "not-a-key")).to.include({ code: "INVALID_ARGUMENT", status: 2, message: 'network is not a base58 public key: "not-a-key"' });
    expect(fails(team.file, "wait", "epoch", network, "--epoch", "-1")).to.include({ code: "INVALID_ARGUMENT", message: "--epoch must not be negative: -1" });
    expect(fails(team.file, "wait", "epoch", network, "--epoch", "1.5")).to.include({ code: "INVALID_ARGUMENT", message: "--epoch must be a whole number, not a fraction: 1.5" });
    expect(fails(team.file, "wait", "epoch", network, "--timeout", "0")).to.include({ code: "INVALID_ARGUMENT", message: "--timeout (seconds) must be at least 1: 0" });
    expect(fails(team.file, "wait", "unbonded", network, "--timeout", "soon")).to.include({ code: "INVALID_ARGUMENT", message: '--timeout (seconds) must be a whole number: "soon"' });
    expect(fails(team.file, "wait", "epoch", network, "--epoch", String(Number.MAX_SAFE_INTEGER))).to.include({ code: "INVALID_ARGUMENT" }).and.property("message").match(/ends too far in the future/);
    // An address that is no network, an unknown proposal, a wallet that is no operator.
    expect(fails(team.file, "wait", "epoch", Keypair.generate().publicKey.toBase58())).to.include({ code: "NOT_A_NETWORK", status: 2 });
    expect(fails(team.file, "wait", "slash", network, "7")).to.include({ code: "NOT_FOUND", message: `no slash proposal 7 in ${network}` });
    expect(fails(team.file, "wait", "slash", network, "x")).to.include({ code: "INVALID_ARGUMENT", message: 'proposal id must be a whole number: "x"' });
    expect(fails(team.file, "wait", "unbonded", network)).to.include({ code: "NOT_REGISTERED", status: 3 });
    // Nothing unbonding: nothing will ever become withdrawable, so there is nothing to wait for.
    const nothing = fails(operator.file, "wait", "unbonded", network);
    expect(nothing).to.include({ code: "NOTHING_TO_WAIT_FOR", status: 3, reason: "nothing unbonding" });
    expect(nothing.hint).to.match(/operator unstake/);
    // A missing subcommand is a usage error.
    expect(spawnSync(BIN, ["wait"], { encoding: "utf8", env }).status).to.equal(2);
  });

  it("--help says what it waits for and what it does on the embedded SVM", () => {
    for (const sub of ["epoch", "unbonded", "slash"]) {
      const help = spawnSync(BIN, ["wait", sub, "--help"], { encoding: "utf8", env });
      expect(help.status).to.equal(0);
      expect(help.stdout).to.match(/polls the cluster's clock/).and.match(/On the embedded SVM, which has no clock of its own, it moves the clock/).and.match(/--timeout <secs>/);
    }
  });

  it("wait unbonded: until the unbonding stake unlocks; then withdraw succeeds", () => {
    json(operator.file, "operator", "unstake", network, "500");
    const status = json<{ unbondingUnlockTs: number }>(operator.file, "operator", "status", network);
    const early = fails(operator.file, "operator", "withdraw", network);
    expect(early).to.include({ code: "PROGRAM_ERROR", programError: "StillUnbonding" });
    expect(early.hint).to.match(/groundwork wait unbonded <network>/);
    const waited = json<{ until: number; untilUtc: string; now: number; operator: string; movedClockSecs?: number; waitedSecs?: number }>(team.file, "wait", "unbonded", network, "--operator", operator.address);
    expect(waited).to.include({ until: status.unbondingUnlockTs, untilUtc: utc(status.unbondingUnlockTs), operator: operator.address });
    expect(waited.now).to.be.at.least(status.unbondingUnlockTs);
    // The embedded chain lands on the moment exactly; a cluster's clock reads it or a little after.
    if (!CLUSTER_URL) expect(waited.now).to.equal(status.unbondingUnlockTs);
    else expect(waited.waitedSecs).to.be.a("number");
    const withdrawn = json<{ signature: string }>(operator.file, "operator", "withdraw", network);
    expect(withdrawn.signature).to.be.a("string");
    const after = json<{ activeStake: string; unbondingStake: string }>(operator.file, "operator", "status", network);
    expect(after).to.include({ activeStake: "1500", unbondingStake: "0" });
  });

  it("wait slash: until an approved proposal's dispute window has passed; then execute succeeds, and an executed one has nothing to wait for", () => {
    json(oracle.file, "slash", "propose", network, operator.address, "100", "--reason", "1", "--evidence", "ab".repeat(32));
    const shown = json<{ status: string; executableAt: number }>(team.file, "slash", "show", network, "0");
    expect(shown.status).to.equal("approved");
    const waited = json<{ id: number; until: number; now: number }>(team.file, "wait", "slash", network, "0");
    expect(waited).to.include({ id: 0, until: shown.executableAt });
    expect(waited.now).to.be.at.least(shown.executableAt);
    if (!CLUSTER_URL) expect(waited.now).to.equal(shown.executableAt);
    const executed = json<{ executedAmount: string }>(team.file, "slash", "execute", network, "0");
    expect(executed.executedAmount).to.equal("100");
    expect(fails(team.file, "wait", "slash", network, "0")).to.include({ code: "NOTHING_TO_WAIT_FOR", status: 3, reason: "executed" });
  });

  it("wait epoch: until the epoch has ended (default the current one); then its root can be submitted", () => {
    const before = json<{ currentEpoch: number; genesisTs: number; epochLengthSecs: number }>(team.file, "epoch", "status", network);
    const current = json<{ epoch: number; until: number; now: number }>(team.file, "wait", "epoch", network);
    expect(current.epoch).to.be.at.least(before.currentEpoch);
    expect(current.until).to.equal(before.genesisTs + (current.epoch + 1) * before.epochLengthSecs);
    expect(current.now).to.be.at.least(current.until);
    const after = json<{ currentEpoch: number }>(team.file, "epoch", "status", network);
    expect(after.currentEpoch).to.be.greaterThan(current.epoch);
    // An epoch already over: nothing to wait, the clock stays.
    const t = now();
    const past = json<{ now: number; movedClockSecs?: number }>(team.file, "wait", "epoch", network, "--epoch", "0");
    expect(past.now).to.be.at.least(t);
    if (!CLUSTER_URL) expect(past.movedClockSecs).to.equal(0);
    // Epoch 0 has ended: an oracle's root for it is accepted.
    const input = path.join(dir, "earnings.json");
    fs.writeFileSync(input, JSON.stringify([{ operator: operator.address, amount: "10" }]));
    const proofs = path.join(dir, "epoch-0.json");
    json(oracle.file, "oracle", "build-tree", network, "--epoch", "0", "--input", input, "--out", proofs);
    json(oracle.file, "oracle", "submit-root", network, "--proofs", proofs);
    expect(json<{ finalized: boolean }>(team.file, "epoch", "status", network, "--epoch", "0").finalized).to.equal(true);
  });

  it("--timeout: on a cluster, a wait that runs out fails with WAIT_TIMEOUT (exit 7); the embedded SVM moves its clock instead", () => {
    const far = String(json<{ currentEpoch: number }>(team.file, "epoch", "status", network).currentEpoch + 1_000);
    const started = Date.now();
    if (CLUSTER_URL) {
      const e = fails(team.file, "wait", "epoch", network, "--epoch", far, "--timeout", "2");
      expect(e).to.include({ code: "WAIT_TIMEOUT", status: 7, timeoutSecs: 2 });
      expect(e.message).to.match(new RegExp(`^timed out after 2 s waiting for the end of epoch ${far} of ${network}: the cluster's clock reads \\d+, \\d+ s before \\d+ \\(`));
      // It waited the 2 s (plus the process's start and reads), not the epoch's hours.
      expect(Date.now() - started).to.be.within(2_000, 60_000);
      // Display mode tells a person what it waits for, on stderr.
      const shown = spawnSync(BIN, ["--url", url, "--keypair", team.file, "wait", "epoch", network, "--epoch", far, "--timeout", "1"], { encoding: "utf8", env });
      expect(shown.status).to.equal(7);
      expect(shown.stderr).to.match(/^waiting for the end of epoch \d+ of \w+: until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(unix \d+, \d+ s from the cluster's clock\)\nerror: timed out after 1 s/);
    } else {
      const moved = json<{ until: number; now: number; movedClockSecs: number; embedded: boolean }>(team.file, "wait", "epoch", network, "--epoch", far, "--timeout", "1");
      expect(moved.embedded).to.equal(true);
      expect(moved.now).to.equal(moved.until);
      expect(moved.movedClockSecs).to.be.greaterThan(900 * NETWORK_TIME.epochLengthSecs);
    }
  });
});
