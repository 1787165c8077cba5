// CLI latency: wall-clock time of `groundwork` commands as a user runs them, each a fresh process
// (cold: nothing cached in the process; the OS page cache is warm after the first run). Measures
// `--help`, `--version`, and a read and a write on an embedded state file holding a network.
// Part of `npm run bench`; alone: `npx ts-node --transpile-only bench/cli.ts [--runs N]`, which
// updates the CLI section of bench/results.{json,md} and leaves the rest as it was.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, spawnSync } from "child_process";
import { Keypair } from "@solana/web3.js";
import { Results, stats, write } from "./table";

const ROOT = path.join(__dirname, "..");
const BIN = path.join(ROOT, "bin", "groundwork");

export type CliLatency = NonNullable<Results["cliLatency"]>;

/** Runs each command `runs` times in a new process and reports min/median/max milliseconds. */
export function cliLatency(runs: number, log: (s: string) => void = () => undefined): CliLatency {
  // The CLI runs its compiled form (sdk/dist/); build it so that the numbers are what users get.
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "ignore" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-bench-cli-"));
  const state = path.join(dir, "state.bin");
  const key = (name: string) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(Keypair.generate().secretKey)));
    return file;
  };
  const team = key("team");
  const oracle = Keypair.generate().publicKey.toBase58();
  const cli = (...args: string[]) => {
    const r = spawnSync(BIN, ["--url", `embedded:${state}`, "--keypair", team, "--output", "json", ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`groundwork ${args.join(" ")}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, string>;
  };
  cli("--create", "wallet", "airdrop", "10");
  const mint = cli("token", "create-mint").mint;
  cli("token", "mint", mint, Keypair.generate().publicKey.toBase58(), "1");
  const config = path.join(dir, "network.json");
  fs.writeFileSync(config, JSON.stringify({
    mint, epochLengthSecs: 86400, stakePerDevice: "1000000", minOperatorStake: "0", unbondingSecs: 86400, slashDisputeWindowSecs: 86400,
    maxSlashBps: 5000, slashDestination: "treasury", oracles: [oracle], oracleThreshold: 1,
    credits: { mode: "fixed", creditsPerToken: 100, breakerWindowSecs: 86400, breakerMaxCredits: "1000000" },
  }));
  const network = cli("network", "create", "--file", config).network;
  const stateBytes = fs.statSync(state).size;

  const cases: { name: string; args: string[] }[] = [
    { name: "`groundwork --help`", args: ["--help"] },
    { name: "`groundwork --version`", args: ["--version"] },
    { name: "`network show` (read, embedded state file)", args: ["--url", `embedded:${state}`, "--keypair", team, "network", "show", network] },
    { name: "`token mint` (write + save, embedded state file)", args: ["--url", `embedded:${state}`, "--keypair", team, "token", "mint", mint, oracle, "1"] },
  ];
  const rows: CliLatency["rows"] = [];
  for (const c of cases) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(BIN, c.args, { encoding: "utf8" });
      ms.push(Number((process.hrtime.bigint() - t) / 1_000_000n));
      if (r.status !== 0) throw new Error(`groundwork ${c.args.join(" ")}: ${r.stderr}`);
    }
    const s = stats(ms);
    rows.push({ command: c.name, runs, ...s });
    log(`  cli ${c.name}: median ${s.median} ms`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { rows, stateFileBytes: stateBytes, machineLoad: os.loadavg()[0] };
}

if (require.main === module) {
  const i = process.argv.indexOf("--runs");
  const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
  const file = path.join(__dirname, "results.json");
  const results = JSON.parse(fs.readFileSync(file, "utf8")) as Results;
  results.cliLatency = cliLatency(runs, (s) => process.stderr.write(s + "\n"));
  write(results, __dirname);
  for (const r of results.cliLatency.rows) process.stdout.write(`${r.command}: min ${r.min} / median ${r.median} / max ${r.max} ms (${r.runs} runs)\n`);
}
