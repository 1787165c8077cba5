// The CLI as a script runs it: a child process per command, --output json parsed, exit codes and
// error codes checked. State lives in an embedded-SVM state file between commands.
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getMint } from "@solana/spl-token";
import { createContext } from "../../sdk/src/cli/context";
import { rewardsConfigPda } from "../../sdk/src/rewards/pda";
import { networkPda } from "../../sdk/src/network/pda";
import { ensureBuilt } from "../support/build";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "groundwork");

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}
interface JsonError {
  error: { code: string; message: string; hint?: string; exitCode: number; [k: string]: unknown };
}

// [embedded-only]: this suite is about the embedded state file itself (--create, its lock and
// concurrent writers, state byte-for-byte unchanged after refused or dry-run commands, dev warp and
// dev set-price). The CLI on a cluster is covered by tests/oracle-node/cli.test.ts (reports,
// rewards status, claims) and the deploy command's suite.
describe("cli: groundwork as a child process [embedded-only: the embedded state file itself (--create, its lock, unchanged bytes after refusals), dev warp, dev set-price]", function () {
  // Some 150 CLI processes in sequence: a test can take over 5 minutes on a loaded two-core machine.
  this.timeout(900_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-cli-"));
  const state = path.join(dir, "state.bin");
  const keyFile = (name: string, kp = Keypair.generate()) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    return { file, kp, address: kp.publicKey.toBase58() };
  };
  const team = keyFile("team");
  const operator = keyFile("operator");
  const device = keyFile("device");
  const oracle = keyFile("oracle");
  const env = { ...process.env, HOME: dir, GROUNDWORK_LOCK_TIMEOUT_MS: "120000" };

  before(ensureBuilt);

  function runOn(stateFile: string, keypair: string, ...args: string[]): Result {
    const r = spawnSync(BIN, ["--url", `embedded:${stateFile}`, "--keypair", keypair, ...args], { encoding: "utf8", env });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  const run = (keypair: string, ...args: string[]) => runOn(state, keypair, ...args);
  function json<T = Record<string, unknown>>(keypair: string, ...args: string[]): T {
    const r = run(keypair, "--output", "json", ...args);
    if (r.status !== 0) throw new Error(`groundwork ${args.join(" ")} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
  /** A failing command under --output json: its exit code and the JSON error on stderr. */
  function fails(keypair: string, ...args: string[]): JsonError["error"] & { status: number; stdout: string } {
    const r = run(keypair, "--output", "json", ...args);
    expect(r.status, `expected groundwork ${args.join(" ")} to fail: ${r.stdout}`).to.not.equal(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).to.have.length(1);
    const e = (JSON.parse(lines[0]) as JsonError).error;
    expect(e.exitCode).to.equal(r.status);
    return { ...e, status: r.status, stdout: r.stdout };
  }
  const stateBytes = () => fs.readFileSync(state);

  let mint: string;
  let network: string;
  let mintModeNetwork: string;

  it("--help and --version run the compiled CLI and load none of the Solana libraries (what keeps them fast)", () => {
    // Speed itself is measured by the benchmark (bench/results.md, "CLI --help"); here the cause is
    // checked: help and version answer from commander alone, without loading web3.js, Anchor,
    // spl-token or the embedded SVM. A preload records every module the process loaded.
    const listFile = path.join(dir, "loaded-modules.json");
    const preload = path.join(dir, "record-modules.js");
    fs.writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(listFile)}, JSON.stringify({ main: process.argv[1], modules: Object.keys(require.cache) })));\n`);
    for (const args of [["--help"], ["--version"], ["operator", "--help"]]) {
      const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...env, NODE_OPTIONS: `--require ${preload}` } });
      expect(r.status, r.stderr).to.equal(0);
      const loaded = JSON.parse(fs.readFileSync(listFile, "utf8")) as { main: string; modules: string[] };
      expect(loaded.main, `groundwork ${args.join(" ")} ran the compiled CLI`).to.equal(path.join(ROOT, "sdk", "dist", "cli", "main.js"));
      const heavy = loaded.modules.filter((m) => /node_modules[\\/](@coral-xyz[\\/]anchor|@solana[\\/]web3\.js|@solana[\\/]spl-token|litesvm)[\\/]/.test(m));
      expect(heavy, `groundwork ${args.join(" ")} loaded Solana libraries`).to.deep.equal([]);
    }
    const version = spawnSync(BIN, ["--version"], { encoding: "utf8", env }).stdout.trim();
    expect(version).to.equal((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    expect(spawnSync(BIN, ["--help"], { encoding: "utf8", env }).stdout).to.match(/Exit codes: 0 ok/);
    // A group without its subcommand: its help, as a usage error (JSON under --output json).
    const bare = spawnSync(BIN, ["operator"], { encoding: "utf8", env });
    expect(bare.status).to.equal(2);
    expect(bare.stderr).to.match(/^Usage: groundwork operator/);
    const bareJson = spawnSync(BIN, ["--output", "json", "operator"], { encoding: "utf8", env });
    expect(bareJson.status).to.equal(2);
    expect((JSON.parse(bareJson.stderr) as JsonError).error.code).to.equal("USAGE");
  });

  it("a missing keypair file is an error, never a fresh wallet; a mistyped state file is an error unless --create", () => {
    const missingKey = path.join(dir, "no-such-key.json");
    const noKey = runOn(state, missingKey, "--create", "wallet", "address");
    expect(noKey.status).to.equal(2);
    expect(noKey.stderr).to.equal(`error: keypair file not found: ${missingKey}\nhint: create one with \`groundwork wallet new --outfile ${missingKey}\` (or solana-keygen new), or pass another with -k/--keypair\n`);
    expect(fs.existsSync(state), "no state file made").to.equal(false);
    // Without -k: the Solana CLI config's default keypair (absent in this HOME) is not invented either.
    const noDefault = spawnSync(BIN, ["--url", `embedded:${state}`, "--create", "--output", "json", "wallet", "address"], { encoding: "utf8", env });
    expect(noDefault.status).to.equal(2);
    expect((JSON.parse(noDefault.stderr) as JsonError).error.code).to.equal("KEYPAIR_NOT_FOUND");

    const typo = runOn(`${state}x`, team.file, "--output", "json", "wallet", "address");
    expect(typo.status).to.equal(2);
    expect((JSON.parse(typo.stderr) as JsonError).error).to.include({ code: "STATE_FILE_NOT_FOUND", message: `embedded state file not found: ${state}x` });
    expect(fs.existsSync(`${state}x`)).to.equal(false);

    const created = json<{ address: string }>(team.file, "--create", "wallet", "airdrop", "10");
    expect(created.address).to.equal(team.address);
    expect(fs.existsSync(state)).to.equal(true);
  });

  it("a team creates a token and a network from a config file; amounts print in UI units with base units in JSON", () => {
    mint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "6").mint;
    const minted = json<{ amount: string; amountBaseUnits: string }>(team.file, "token", "mint", mint, team.address, "100000");
    expect(minted).to.include({ amount: "100000", amountBaseUnits: "100000000000" });
    const config = path.join(dir, "network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint, epochLengthSecs: 3600, stakePerDevice: "1000000000", minOperatorStake: 0, unbondingSecs: 86400, slashDisputeWindowSecs: 3600,
      maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
    }));
    const created = json<{ network: string; transactions: { signature: string }[] }>(team.file, "network", "create", "--file", config);
    network = created.network;
    expect(created.transactions.length).to.be.greaterThan(0);
    const shown = json<{ authority: string; stakePerDevice: string; stakePerDeviceBaseUnits: string; oracleThreshold: number }>(team.file, "network", "show", network);
    expect(shown).to.include({ authority: team.address, stakePerDevice: "1000", stakePerDeviceBaseUnits: "1000000000", oracleThreshold: 1 });
    // Creating it again: a clear error saying how to update instead.
    const again = fails(team.file, "network", "create", "--file", config);
    expect(again).to.include({ code: "ALREADY_EXISTS", status: 3 });
    expect(again.hint).to.match(/network deploy --file/);
  });

  it("token transfer sends UI amounts (or --base-units), creating the recipient's account; balance shows both units", () => {
    const sent = json<{ amount: string; amountBaseUnits: string }>(team.file, "token", "transfer", mint, operator.address, "5000.5");
    expect(sent).to.include({ amount: "5000.5", amountBaseUnits: "5000500000" });
    json(team.file, "--base-units", "token", "transfer", mint, operator.address, "500000");
    const balance = json<{ amount: string; amountBaseUnits: string; exists: boolean }>(team.file, "token", "balance", mint, operator.address);
    expect(balance).to.include({ amount: "5001", amountBaseUnits: "5001000000", exists: true });
    const tooMuch = fails(operator.file, "token", "transfer", mint, team.address, "999999");
    expect(tooMuch.code).to.equal("INSUFFICIENT_TOKENS");
    expect(tooMuch.message).to.equal(`${operator.address} holds 5001 of this token, fewer than the 999999 to send`);
    const noAccount = fails(oracle.file, "token", "transfer", mint, team.address, "1");
    expect(noAccount.code).to.equal("MISSING_TOKEN_ACCOUNT");
  });

  it("an operator registers, stakes and registers a device at an H3 cell in hex; status reflects it", () => {
    json(team.file, "wallet", "airdrop", "10", "--to", operator.address);
    json(operator.file, "operator", "register", network);
    const staked = json<{ computeUnits: number; amountBaseUnits: string }>(operator.file, "operator", "stake", network, "2000");
    expect(staked.computeUnits).to.be.greaterThan(0);
    expect(staked.amountBaseUnits).to.equal("2000000000");
    const reg = json<{ device: string; location: string }>(operator.file, "device", "register", network, "--device-keypair", device.file, "--kind", "1", "--location", "8a2a1072b59ffff");
    expect(reg).to.deep.include({ device: device.address, location: "0x8a2a1072b59ffff" });
    const status = json<{ activeStake: string; activeStakeBaseUnits: string; activeDevices: number; jailed: boolean }>(operator.file, "operator", "status", network);
    expect(status).to.include({ activeStake: "2000", activeStakeBaseUnits: "2000000000", activeDevices: 1, jailed: false });
    const devices = json<{ device: string; kind: number; location: string; active: boolean }[]>(operator.file, "device", "list", network);
    expect(devices.map((d) => ({ device: d.device, kind: d.kind, location: d.location, active: d.active }))).to.deep.equal([{ device: device.address, kind: 1, location: "0x8a2a1072b59ffff", active: true }]);
  });

  it("prints a human table without --output json", () => {
    const r = run(operator.file, "operator", "status", network);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^activeStake\s+2000$/m);
  });

  it("program errors and common failures say what happened and what to do, with a stable code", () => {
    // Human form: an error line and a hint line.
    const human = run(operator.file, "operator", "unstake", network, "1500");
    expect(human.status).to.equal(3);
    expect(human.stderr).to.match(/^error: network program: .*\(StakeLockedByDevices, \d+\)\nhint: unstake less, or deactivate devices first/);

    expect(fails(operator.file, "operator", "register", network)).to.include({ code: "ALREADY_REGISTERED", status: 3, message: `${operator.address} is already registered as an operator of this network` });
    const twice = fails(operator.file, "device", "register", network, "--device-keypair", device.file, "--kind", "1", "--location", "622236750694711295");
    expect(twice).to.include({ code: "DEVICE_ALREADY_REGISTERED", status: 3 });
    const notNetwork = fails(operator.file, "operator", "register", mint);
    expect(notNetwork).to.include({ code: "NOT_A_NETWORK", status: 2 });
    expect(notNetwork.message).to.equal(`${mint} is not a Groundwork network account (owner TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA)`);
    // 2,000 staked backs two devices at 1,000 each: a second device fits, a third does not.
    json(operator.file, "device", "register", network, "--device-keypair", keyFile("device-2").file, "--kind", "1", "--location", "85283473fffffff");
    const noStake = fails(operator.file, "device", "register", network, "--device-keypair", keyFile("device-3").file, "--kind", "1", "--location", "85283473fffffff");
    expect(noStake).to.include({ code: "INSUFFICIENT_STAKE", programError: "InsufficientStake", status: 3 });
    expect(noStake.hint).to.match(/stake more with `groundwork operator stake/);

    // A wallet with no token account, and one with no SOL: which account, and what to do.
    const stranger = keyFile("stranger");
    json(team.file, "wallet", "airdrop", "1", "--to", stranger.address);
    json(stranger.file, "operator", "register", network);
    const noTokens = fails(stranger.file, "operator", "stake", network, "1");
    expect(noTokens.code).to.equal("MISSING_TOKEN_ACCOUNT");
    expect(noTokens.message).to.include(stranger.address);
    const broke = keyFile("broke");
    const noSol = fails(broke.file, "operator", "register", network);
    expect(noSol).to.include({ code: "INSUFFICIENT_SOL", status: 3, account: broke.address });
    expect(noSol.message).to.include(`the fee payer ${broke.address} has no SOL`);
    // Unreachable RPC: the URL is named.
    const r = spawnSync(BIN, ["--url", "http://127.0.0.1:9", "--keypair", team.file, "--output", "json", "network", "show", network], { encoding: "utf8", env });
    expect(r.status).to.equal(4);
    expect((JSON.parse(r.stderr) as JsonError).error).to.include({ code: "RPC_UNREACHABLE", message: "cannot reach the RPC endpoint http://127.0.0.1:9", url: "http://127.0.0.1:9" });
    // A usage error is JSON too under --output json.
    const usage = fails(team.file, "operator", "stke", network);
    expect(usage).to.include({ code: "USAGE", status: 2 });
  });

  it("every numeric flag is validated before anything is sent: negative, non-numeric, fractional, above u64", () => {
    const before = stateBytes();
    const cases: [string[], RegExp][] = [
      [["operator", "stake", network, "-5"], /^negative values are not accepted: -5$/],
      [["operator", "stake", network, "abc"], /must be a number of tokens/],
      [["operator", "stake", network, "1.0000001"], /has more decimal places than the mint's 6/],
      [["operator", "stake", network, "18446744073709.551616"], /too large/],
      [["--base-units", "operator", "stake", network, "18446744073709551616"], /too large.*u64 maximum/],
      [["--base-units", "operator", "stake", network, "1.5"], /not a fraction/],
      [["device", "register", network, "--device-keypair", device.file, "--kind", "abc", "--location", "8a2a1072b59ffff"], /--kind must be a whole number: "abc"/],
      [["device", "register", network, "--device-keypair", device.file, "--kind", "70000", "--location", "8a2a1072b59ffff"], /--kind is too large: 70000 \(at most 65535\)/],
      [["device", "register", network, "--device-keypair", device.file, "--kind", "1", "--location", "8a2a1072b59fff0"], /not a valid H3 cell/],
      [["credits", "buy", network, "1", "--min-out", "1.5"], /--min-out must be a whole number, not a fraction/],
      [["token", "create-mint", "--decimals", "20"], /--decimals is too large: 20 \(at most 19\)/],
      [["network", "set-oracles", network, "--oracle", oracle.address, "--threshold", "2"], /--threshold is too large: 2 \(at most 1\)/],
      [["slash", "approve", network, "x1"], /proposal id must be a whole number/],
      [["slash", "propose", network, operator.address, "1", "--reason", "0", "--evidence", "00".repeat(32)], /--reason must be at least 1/],
      [["slash", "propose", network, operator.address, "1", "--reason", "1", "--evidence", "abcd"], /--evidence must be 32 bytes of hex/],
      [["wallet", "airdrop", "-1"], /negative values are not accepted/],
      [["operator", "stake", "not-a-key", "1"], /network is not a base58 public key/],
      [["--commitment", "final", "wallet", "address"], /Allowed choices are processed, confirmed, finalized/],
    ];
    for (const [args, message] of cases) {
      const e = fails(operator.file, ...args);
      expect(e.code, args.join(" ")).to.be.oneOf(["INVALID_ARGUMENT", "USAGE"]);
      expect(e.status, args.join(" ")).to.equal(2);
      expect(e.message, args.join(" ")).to.match(message);
    }
    expect(stateBytes().equals(before), "nothing changed").to.equal(true);
  });

  it("network create --file and npm run deploy read one config format through one parser", () => {
    const bad = path.join(dir, "bad-network.json");
    fs.writeFileSync(bad, JSON.stringify({
      mint, epochLengthSecs: 3600, stakePerDevice: "-5", minOperatorStake: 0, unbondingSecs: 86400, slashDisputeWindowSecs: 3600,
      maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
    }));
    const viaCli = fails(team.file, "network", "create", "--file", bad);
    expect(viaCli).to.include({ code: "INVALID_CONFIG", status: 2, message: 'config field "stakePerDevice" must not be negative: "-5"' });
    const viaDeploy = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "migrations", "deploy.ts"), "--url", `embedded:${state}`, "--keypair", team.file, "--config", bad],
      { cwd: ROOT, encoding: "utf8", env: { ...env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") } });
    expect(viaDeploy.status).to.equal(2);
    expect(viaDeploy.stderr.split("\n")[0]).to.equal('error: config field "stakePerDevice" must not be negative: "-5"');
    fs.writeFileSync(bad, JSON.stringify({ ...JSON.parse(fs.readFileSync(bad, "utf8")), stakePerDevice: "1", stakePerDevise: "1" }));
    expect(fails(team.file, "network", "create", "--file", bad).message).to.match(/^config field "stakePerDevise" is not a known field/);
  });

  it("handing the mint authority to the rewards program needs --yes (or a typed yes) and says what it means", async () => {
    const mint2 = keyFile("mint2");
    const config = path.join(dir, "mint-mode.json");
    fs.writeFileSync(config, JSON.stringify({
      mint: { keypair: "mint2.json", decimals: 6, initialSupply: "1000000" }, epochLengthSecs: 3600, stakePerDevice: "1000000000", minOperatorStake: 0, unbondingSecs: 86400,
      slashDisputeWindowSecs: 3600, maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
      rewards: { fundingMode: "mint", schedule: [{ startTs: 1767225600, emissionPerEpoch: "1000000" }, { startTs: 4102444800, emissionPerEpoch: "500000" }], supplyCap: "1000000000000", operatorBps: 8000, netEmissionCap: "0" },
    }));
    const before = stateBytes();
    const refused = fails(team.file, "network", "create", "--file", config);
    expect(refused).to.include({ code: "CONFIRMATION_REQUIRED", status: 5 });
    expect(refused.message).to.include(`hands the mint authority of ${mint2.address}`);
    expect(refused.message).to.include("nobody can mint this token by hand");
    expect(stateBytes().equals(before), "nothing sent, not even the mint").to.equal(true);

    const created = json<{ network: string }>(team.file, "--yes", "network", "create", "--file", config);
    mintModeNetwork = created.network;
    expect(created.network).to.equal(networkPda(mint2.kp.publicKey, team.kp.publicKey).toBase58());
    const chain = createContext({ url: `embedded:${state}`, keypair: team.file }).provider.connection;
    const m = await getMint(chain, mint2.kp.publicKey);
    expect(m.mintAuthority?.toBase58()).to.not.equal(team.address);
    expect((await chain.getAccountInfo(rewardsConfigPda(new PublicKey(created.network)))) !== null).to.equal(true);
  });

  it("on a terminal, the handover asks: anything but \"yes\" declines and sends nothing; \"yes\" goes ahead", () => {
    const mint3 = keyFile("mint3");
    const config = path.join(dir, "mint-mode-3.json");
    fs.writeFileSync(config, JSON.stringify({
      mint: { keypair: "mint3.json", decimals: 6, initialSupply: "1000000" }, epochLengthSecs: 3600, stakePerDevice: "1000000000", minOperatorStake: 0, unbondingSecs: 86400,
      slashDisputeWindowSecs: 3600, maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
      rewards: { fundingMode: "mint", schedule: [{ startTs: 1767225600, emissionPerEpoch: "1000000" }], supplyCap: "1000000000000", operatorBps: 8000, netEmissionCap: "0" },
    }));
    // `script` gives the CLI a terminal (stdin and stderr are TTYs), fed with the typed answer.
    const onTerminal = (answer: string) => spawnSync("script", ["-qec", [BIN, "--url", `embedded:${state}`, "--keypair", team.file, "network", "create", "--file", config].join(" "), "/dev/null"],
      { input: `${answer}\n`, encoding: "utf8", env });
    const before = stateBytes();
    const declined = onTerminal("no");
    expect(declined.status, declined.stdout).to.equal(5);
    expect(declined.stdout).to.include(`hands the mint authority of ${mint3.address}`);
    expect(declined.stdout).to.include('Type "yes" to continue:');
    expect(declined.stdout).to.include("error: not confirmed: nothing was sent");
    expect(stateBytes().equals(before)).to.equal(true);
    const accepted = onTerminal("yes");
    expect(accepted.status, accepted.stdout).to.equal(0);
    expect(accepted.stdout).to.match(new RegExp(`network\\s+${networkPda(mint3.kp.publicKey, team.kp.publicKey).toBase58()}`));
  });

  it("--dry-run simulates a write and changes nothing; --fee-payer pays for another signer", async () => {
    const before = stateBytes();
    const dry = json<{ dryRun: boolean; simulated: boolean; computeUnits: number }>(team.file, "--dry-run", "token", "transfer", mint, oracle.address, "1");
    expect(dry).to.include({ dryRun: true, simulated: true });
    expect(dry.computeUnits).to.be.greaterThan(0);
    expect(stateBytes().equals(before)).to.equal(true);

    const payer = keyFile("payer");
    json(team.file, "wallet", "airdrop", "1", "--to", payer.address);
    const signer = keyFile("no-sol-signer");
    json(team.file, "token", "transfer", mint, signer.address, "10");
    json(signer.file, "--fee-payer", payer.file, "token", "transfer", mint, team.address, "1");
    const chain = createContext({ url: `embedded:${state}`, keypair: team.file }).provider.connection;
    expect(await chain.getBalance(signer.kp.publicKey)).to.equal(0);
    expect(await chain.getBalance(payer.kp.publicKey)).to.be.lessThan(1_000_000_000);
  });

  it("concurrent commands on one state file queue on its lock: no write is lost", async () => {
    const owners = [0, 1, 2, 3].map((i) => keyFile(`holder-${i}`));
    const start = (owner: string) => new Promise<number>((resolve) => {
      const child = spawn(BIN, ["--url", `embedded:${state}`, "--keypair", team.file, "--output", "json", "token", "mint", mint, owner, "7"], { env, stdio: "ignore" });
      child.on("exit", (code) => resolve(code ?? -1));
    });
    const codes = await Promise.all(owners.map((o) => start(o.address)));
    expect(codes).to.deep.equal([0, 0, 0, 0]);
    for (const o of owners) expect(json<{ amount: string }>(team.file, "token", "balance", mint, o.address).amount, o.address).to.equal("7");
    expect(fs.existsSync(`${state}.lock`), "lock released").to.equal(false);
  });

  it("a lock held by a live process makes a command wait, then fail with STATE_LOCKED; a dead owner's lock is broken", () => {
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      fs.writeFileSync(`${state}.lock`, JSON.stringify({ pid: sleeper.pid, host: os.hostname(), since: Date.now() }));
      const r = spawnSync(BIN, ["--url", `embedded:${state}`, "--keypair", team.file, "--output", "json", "wallet", "address"], { encoding: "utf8", env: { ...env, GROUNDWORK_LOCK_TIMEOUT_MS: "300" } });
      expect(r.status).to.equal(6);
      expect((JSON.parse(r.stderr) as JsonError).error).to.include({ code: "STATE_LOCKED", message: `the state file ${state} is in use by another command (pid ${sleeper.pid} on ${os.hostname()})` });
    } finally {
      sleeper.kill();
    }
    // A finished process's pid: its lock is stale.
    const done = spawnSync("true");
    fs.writeFileSync(`${state}.lock`, JSON.stringify({ pid: done.pid, host: os.hostname(), since: Date.now() }));
    expect(json<{ address: string }>(team.file, "wallet", "address").address).to.equal(team.address);
    expect(fs.existsSync(`${state}.lock`)).to.equal(false);
  });

  it("an oracle builds a tree and writes a proofs file with a progress-free JSON result", () => {
    const input = path.join(dir, "amounts.json");
    fs.writeFileSync(input, JSON.stringify([{ operator: operator.address, amount: "1000" }, { operator: Keypair.generate().publicKey.toBase58(), amount: "2000" }]));
    const out = path.join(dir, "proofs.json");
    const built = json<{ root: string; total: string; leafCount: number }>(oracle.file, "oracle", "build-tree", network, "--epoch", "0", "--input", input, "--out", out);
    expect(built.total).to.equal("3000");
    expect(built.leafCount).to.equal(2);
    const file = JSON.parse(fs.readFileSync(out, "utf8")) as { root: string; claims: unknown[] };
    expect(file.root).to.equal(built.root);
    expect(file.claims).to.have.length(2);
  });

  it("dev warp moves the embedded clock; slash execution and epoch status follow it", () => {
    json(team.file, "wallet", "airdrop", "1", "--to", oracle.address);
    const proposed = json<{ id: string }>(oracle.file, "slash", "propose", network, operator.address, "100", "--reason", "1", "--evidence", "ab".repeat(32));
    expect(proposed.id).to.equal("0");
    const shown = json<{ status: string; executableAt: number; now: number }>(oracle.file, "slash", "show", network, "0");
    expect(shown.status).to.equal("approved");
    const early = fails(oracle.file, "slash", "execute", network, "0");
    expect(early).to.include({ code: "PROGRAM_ERROR", programError: "DisputeWindowOpen" });
    expect(early.hint).to.match(/groundwork wait slash <network> <id>/);
    const warped = json<{ from: number; to: number }>(oracle.file, "dev", "warp", "1h");
    expect(warped.to - warped.from).to.equal(3600);
    expect(warped.to).to.equal(shown.executableAt);
    const executed = json<{ executedAmount: string; executedAmountBaseUnits: string }>(oracle.file, "slash", "execute", network, "0");
    expect(executed).to.include({ executedAmount: "100", executedAmountBaseUnits: "100000000" });
    expect(json<{ status: string }[]>(oracle.file, "slash", "list", network).map((p) => p.status)).to.deep.equal(["executed"]);

    const before = json<{ currentEpoch: number; genesisTs: number; epochLengthSecs: number; scheduleStep: number; fundingMode: string }>(team.file, "epoch", "status", mintModeNetwork);
    expect(before).to.include({ scheduleStep: 0, fundingMode: "mint" });
    expect((before as unknown as { upcomingSchedule: unknown[] }).upcomingSchedule, "the halving still to come").to.deep.equal([{ startTs: 4102444800, emissionPerEpoch: "0.5" }]);
    json(team.file, "dev", "warp", "--until-epoch", String(before.currentEpoch + 3), "--network", mintModeNetwork);
    const after = json<{ currentEpoch: number; now: number }>(team.file, "epoch", "status", mintModeNetwork);
    expect(after.currentEpoch).to.equal(before.currentEpoch + 3);
    expect(after.now).to.equal(before.genesisTs + (before.currentEpoch + 3) * before.epochLengthSecs);
    const onRpc = spawnSync(BIN, ["--url", "http://127.0.0.1:9", "--keypair", team.file, "--output", "json", "dev", "warp", "1d"], { encoding: "utf8", env });
    expect(onRpc.status).to.equal(2);
    expect((JSON.parse(onRpc.stderr) as JsonError).error.code).to.equal("NOT_EMBEDDED");
  });

  it("a team sets a root activation delay; rewards status shows it and the funding; veto without a pending root fails with the program's error", () => {
    const rmint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "6").mint;
    const config = path.join(dir, "rewards-network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint: rmint, epochLengthSecs: 3600, stakePerDevice: 1_000_000_000, minOperatorStake: 0, unbondingSecs: 86400, slashDisputeWindowSecs: 3600,
      maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
      rewards: { fundingMode: "vault", schedule: [{ startTs: 0, emissionPerEpoch: 1000 }], supplyCap: "1000000", operatorBps: 8000, netEmissionCap: 0 },
    }));
    const rnet = json<{ network: string }>(team.file, "network", "create", "--file", config).network;
    json(team.file, "rewards", "set-root-delay", rnet, "600");
    const status = json<Record<string, unknown>>(team.file, "rewards", "status", rnet);
    expect(status).to.include({ fundingMode: "vault", rootActivationDelaySecs: "600", claimableRoot: null, pendingRoot: null, supplyCap: "1", supplyCapBaseUnits: "1000000", operatorBps: 8000, reservedForOperators: "0" });
    const tooLong = fails(team.file, "rewards", "set-root-delay", rnet, "3601");
    expect(tooLong).to.include({ code: "PROGRAM_ERROR", programError: "InvalidActivationDelay", status: 3 });
    const veto = fails(team.file, "rewards", "veto-root", rnet);
    expect(veto).to.include({ code: "PROGRAM_ERROR", programError: "NoPendingRoot", status: 3 });
    const human = run(team.file, "rewards", "veto-root", rnet);
    expect(human.stderr.split("\n")[0]).to.match(/^error: rewards program: .*\(NoPendingRoot, \d+\)$/);
  });

  it("an operator sends its rewards to another wallet or splits them; show prints the recipients; bad splits are refused before sending; clear restores its wallet", () => {
    const smint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "6").mint;
    const config = path.join(dir, "split-network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint: smint, epochLengthSecs: 3600, stakePerDevice: 1_000_000_000, minOperatorStake: 0, unbondingSecs: 86400, slashDisputeWindowSecs: 3600,
      maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle.address], oracleThreshold: 1,
      rewards: { fundingMode: "vault", schedule: [{ startTs: 0, emissionPerEpoch: 1000 }], supplyCap: "1000000", operatorBps: 8000, netEmissionCap: 0 },
    }));
    const snet = json<{ network: string }>(team.file, "network", "create", "--file", config).network;
    const [host, maker] = [Keypair.generate().publicKey.toBase58(), Keypair.generate().publicKey.toBase58()];
    expect(json(operator.file, "rewards", "destination", "show", snet)).to.include({ destination: "own wallet", recipients: `${operator.address}:10000` });
    json(operator.file, "rewards", "destination", "set", snet, host);
    expect(json(team.file, "rewards", "destination", "show", snet, "--wallet", operator.address)).to.include({ destination: "wallet", recipients: `${host}:10000` });
    json(operator.file, "rewards", "destination", "set", snet, `${operator.address}:7000`, `${host}:2000`, `${maker}:1000`);
    expect(json(operator.file, "rewards", "destination", "show", snet)).to.include({ destination: "split", recipients: `${operator.address}:7000 ${host}:2000 ${maker}:1000` });
    for (const [args, message] of [
      [[`${host}:5000`, `${maker}:4999`], /sum to 10000/],
      [[`${host}:5000`, `${host}:5000`], /appears twice/],
      [[`${host}:abc`], /is not <wallet>:<bps>/],
    ] as [string[], RegExp][]) {
      const bad = fails(operator.file, "rewards", "destination", "set", snet, ...args);
      expect(bad).to.include({ code: "INVALID_ARGUMENT", status: 2 });
      expect(bad.message).to.match(message);
    }
    json(operator.file, "rewards", "destination", "clear", snet);
    expect(json(operator.file, "rewards", "destination", "show", snet)).to.include({ destination: "own wallet" });
    expect(fails(operator.file, "rewards", "destination", "clear", snet)).to.include({ code: "PROGRAM_ERROR", programError: "NoRewardSplit", status: 3 });
  });

  it("governance: a queued treasury change is listed with when it applies, in network show too; applying it early fails", () => {
    const next = json<{ account: string }>(team.file, "token", "mint", mint, Keypair.generate().publicKey.toBase58(), "1").account;
    json(team.file, "network", "set-treasury", network, next);
    const pending = json<{ kind: string; change: string; eta: number; due: boolean }[]>(team.file, "governance", "pending", network);
    expect(pending).to.have.length(1);
    expect(pending[0]).to.include({ kind: "treasury", change: next, due: false });
    const shown = json<{ treasury: string; pendingGovernance: string }>(team.file, "network", "show", network);
    expect(shown.treasury).to.not.equal(next);
    expect(shown.pendingGovernance).to.match(/^treasury at \d{4}-/);
    const early = fails(team.file, "governance", "apply", network);
    expect(early).to.include({ code: "PROGRAM_ERROR", programError: "NoGovernanceChangeDue", status: 3 });
  });

  it("slash: an oracle proposes, anyone shows it by id with its live state, the team vetoes it, anyone closes it", () => {
    const proposed = json<{ id: string }>(oracle.file, "slash", "propose", network, operator.address, "1", "--reason", "2", "--evidence", "cd".repeat(32));
    const show = () => json<{ status: string; vetoable: boolean; executableAt: number; evidence: string }>(team.file, "slash", "show", network, proposed.id);
    // Threshold 1: approved at once, vetoable until its window has run.
    expect(show()).to.include({ status: "approved", vetoable: true, evidence: "cd".repeat(32) });
    expect(show().executableAt).to.be.a("number");
    json(team.file, "slash", "veto", network, proposed.id);
    expect(show().status).to.equal("vetoed");
    json(team.file, "slash", "refresh", network, proposed.id);
    expect(fails(team.file, "slash", "show", network, proposed.id)).to.include({ code: "NOT_FOUND" });
  });
});
