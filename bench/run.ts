// `npm run bench` [-- --quick | --onchain]: compute units of every instruction of the three programs in
// realistic cases with their floors, claim CU and size against proof depth, rent per account,
// program sizes, and the off-chain epoch tree against merkletreejs. Writes bench/results.json and
// bench/results.md and prints the markdown; budgets are printed as PASS/FAIL.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, execSync } from "child_process";
import { Bench, ROOT } from "./harness";
import { FloorKit, COST } from "./floors";
import { Recorder } from "./recorder";
import { BUDGET, creditsScenarios, makerScenarios, networkScenarios, rewardsScenarios } from "./scenarios";
import { finalizeRows, markdown, Results, write } from "./table";
import { rentTable } from "./rent";
import { offchain, epochClose } from "./offchain";
import { offchainMarkdown } from "./table";
import { IngestBench } from "./ingest";
import { cliLatency } from "./cli";
import { PROGRAMS } from "../sdk/src/ids";
import { deployPath } from "../sdk/src/svm";

const quick = process.argv.includes("--quick");
// `--offchain`: only the off-chain rows (epoch tree, epoch close), printed, nothing written.
const offchainOnly = process.argv.includes("--offchain");
// `--onchain`: re-measure the on-chain rows (compute units, claim tables, rent, program sizes) and
// keep the wall-clock rows (off-chain tree and close, ingest, CLI latency, and their budgets) of the
// bench/results.json already there, saying so in the notes: for a program change measured on a
// machine too busy to time anything.
const onchainOnly = process.argv.includes("--onchain");
const log = (s: string) => process.stderr.write(s + "\n");

function git(cmd: string): string {
  try {
    return execSync(`git ${cmd}`, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

/** The native merkle addon, built (idempotently) before the off-chain rows measure it. */
function buildNative(): void {
  execSync("bash scripts/build-native.sh --strict", { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

/** The off-chain rows and their two budgets (tree ≥ 5× merkletreejs at 1M, close ≤ 2 min at 1M). */
function offchainRows(): { off: Results["offchain"]; close: NonNullable<Results["epochClose"]>; budgets: NonNullable<Results["budgets"]> } {
  buildNative();
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  log(`  off-chain: ${sizes.join(", ")} operators`);
  const off = offchain(sizes, log);
  const closeSizes = quick ? [100_000] : [1_000_000];
  const close = epochClose(closeSizes, log) ?? [];
  const budgets: NonNullable<Results["budgets"]> = [];
  const big = off.find((o) => o.operators === 1_000_000);
  if (big) {
    budgets.push({
      name: "1M-leaf epoch tree with every proof vs merkletreejs (same run)", limit: "≥ 5× faster",
      measured: big.speedup !== undefined ? `${big.speedup}× (${big.groundworkMs.toLocaleString("en-US")} ms vs ${big.merkletreejsMs!.toLocaleString("en-US")} ms; roots and proofs equal: ${big.rootsEqual ? "yes" : "no"})` : `merkletreejs: ${big.note}`,
      pass: (big.speedup ?? 0) >= 5 && big.rootsEqual === true,
    });
  }
  const c1m = close.find((c) => c.devices === 1_000_000);
  if (c1m) {
    budgets.push({ name: "epoch close, 1,000,000 devices (shares, totals, tree, every proof, archive)", limit: "≤ 120,000 ms", measured: `${c1m.ms.toLocaleString("en-US")} ms, peak ${c1m.peakMb} MB`, pass: c1m.ms <= 120_000 });
  }
  return { off, close, budgets };
}

/** The oracle node's ingest row, in a child process (its own heap and event loop). */
function ingestRow(quick: boolean): IngestBench {
  const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "ingest.ts"), ...(quick ? ["--quick"] : [])], {
    cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 15 * 60_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as IngestBench;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (offchainOnly) {
    const { off, close, budgets } = offchainRows();
    process.stdout.write(offchainMarkdown({ offchain: off, epochClose: close }).join("\n") + "\n");
    for (const bu of budgets) log(`  ${bu.pass ? "PASS" : "FAIL"}  ${bu.name}: ${bu.measured} (limit ${bu.limit})`);
    log(`bench: off-chain rows in ${Math.round((Date.now() - t0) / 1000)} s (nothing written)`);
    return;
  }
  const samples = quick ? 3 : 7;
  const depths = Array.from({ length: 24 }, (_, i) => i + 1);
  // Extra depth-20 and depth-24 claims: the budget rows need several samples.
  const extra = quick ? [] : [20, 20, 20, 20, 24, 24];

  log(`bench: ${quick ? "quick" : "full"} run, ${samples} samples per case`);
  const b = new Bench();
  const kit = await FloorKit.measure(b, quick ? 3 : 5);
  log(`  floor kit: ${[...kit.cu].map(([k, v]) => `${k}=${v}`).join(", ")}`);
  const rec = new Recorder(kit);
  await networkScenarios(b, rec, samples);
  log(`  network done (${Math.round((Date.now() - t0) / 1000)} s)`);
  const { burnFeeCpi } = await makerScenarios(b, rec, samples);
  log(`  makers and fees done (${Math.round((Date.now() - t0) / 1000)} s)`);
  await creditsScenarios(b, rec, samples);
  log(`  credits done (${Math.round((Date.now() - t0) / 1000)} s)`);
  const { byDepth, byRecipients } = await rewardsScenarios(b, rec, samples, [...depths, ...extra]);
  const claimByDepth = depths.map((d) => byDepth.find((r) => r.depth === d)!);
  log(`  rewards done (${Math.round((Date.now() - t0) / 1000)} s)`);

  const computeUnits = finalizeRows(rec.result());
  const rent = await rentTable(b.connection, ROOT);
  const programs = PROGRAMS.map((p) => ({ name: p.name, bytes: fs.statSync(deployPath(p.name, ROOT)).size }));

  const kept = onchainOnly ? (JSON.parse(fs.readFileSync(path.join(__dirname, "results.json"), "utf8")) as Results) : undefined;
  const keptRepo = kept?.notes?.map((x) => x.match(/^Programs: .*repository at (\w+)/)?.[1]).find(Boolean);
  const { off, close, budgets: offBudgets } = kept
    ? { off: kept.offchain, close: kept.epochClose ?? [], budgets: (kept.budgets ?? []).filter((bu) => /merkletreejs|epoch close/.test(bu.name)) }
    : offchainRows();
  const ingest = kept?.ingest ?? ingestRow(quick);
  log(`  ingest: ${ingest.rows.map((r) => `${r.database} ${r.reportsPerSec}/s`).join(", ")}; ed25519 ${ingest.ed25519VerifyPerSec}/s${kept ? " (kept)" : ""}`);
  if (!kept) log(`  CLI latency`);
  const cli = kept?.cliLatency ?? cliLatency(quick ? 3 : 7, log);

  // Budgets: the worst case over every row of the instruction the budget names.
  const worst = (pred: (r: (typeof computeUnits)[number]) => boolean) => {
    const rows = computeUnits.filter(pred);
    if (!rows.length) throw new Error("a budget matched no measured row");
    const r = rows.reduce((a, c) => (c.max > a.max ? c : a));
    return { cu: r.max, where: `${r.case}, n=${rows.reduce((s, x) => s + x.samples.length, 0)}` };
  };
  const budgets: NonNullable<Results["budgets"]> = [];
  const cuBudget = (name: string, limit: number, pred: (r: (typeof computeUnits)[number]) => boolean) => {
    const w = worst(pred);
    const failing = computeUnits.filter((r) => pred(r) && r.max > limit).map((r) => `${r.case} (max ${r.max.toLocaleString("en-US")})`);
    const passing = computeUnits.filter((r) => pred(r) && r.max <= limit).map((r) => r.case);
    budgets.push({
      name, limit: `${limit.toLocaleString("en-US")} CU`,
      measured: `${w.cu.toLocaleString("en-US")} CU (max; ${w.where})${failing.length ? `; over: ${failing.join("; ")}${passing.length ? `; within: ${passing.join("; ")}` : ""}` : ""}`,
      pass: w.cu <= limit,
    });
  };
  cuBudget("network `stake`", BUDGET.stake, (r) => r.program === "network" && r.instruction === "stake");
  const feeRow = (r: (typeof computeUnits)[number]) => r.program === "network" && r.instruction === "register_device" && r.case.startsWith("maker");
  cuBudget("network `register_device`, no maker, no fee (creates the device account)", BUDGET.registerDevice, (r) => r.program === "network" && r.instruction === "register_device" && !feeRow(r));
  cuBudget("network `register_device` with a maker's co-signature, with or without the fee burn (credits CPI)", BUDGET.registerDeviceMakerFee, feeRow);
  cuBudget("credits `burn_for_credits`, oracle mode", BUDGET.burnOracle, (r) => r.instruction === "burn_for_credits" && r.case.startsWith("oracle"));
  cuBudget("credits `spend_credits`", BUDGET.spend, (r) => r.instruction === "spend_credits");
  cuBudget("rewards `claim`, depth-20 proof", BUDGET.claimDepth20, (r) => r.instruction === "claim" && r.case.endsWith("depth 20"));
  cuBudget("rewards epoch finalization (threshold vote)", BUDGET.finalize, (r) => r.instruction === "submit_epoch_root" && r.case.startsWith("finalizing"));
  const d24 = byDepth.filter((r) => r.depth === 24);
  const d24max = Math.max(...d24.flatMap((r) => [r.txBytes, r.laterTxBytes ?? 0]));
  const cliRow = (prefix: string) => cli.rows.find((r) => r.command.startsWith(prefix))!;
  if (kept) budgets.push(...(kept.budgets ?? []).filter((bu) => bu.name.startsWith("CLI")));
  else {
    budgets.push({ name: "CLI `--help`, cold process", limit: "1,000 ms", measured: `${cliRow("`groundwork --help`").median} ms (median)`, pass: cliRow("`groundwork --help`").median < 1000 });
    budgets.push({ name: "CLI command on the embedded SVM, cold process", limit: "1,500 ms", measured: `${cliRow("`network show`").median} ms read, ${cliRow("`token mint`").median} ms write (median)`, pass: Math.max(cliRow("`network show`").median, cliRow("`token mint`").median) < 1500 });
  }
  budgets.push({ name: "rewards depth-24 claim fits one transaction", limit: `${BUDGET.txBytes} bytes`, measured: `${d24max} bytes (claim instruction alone, first or later)`, pass: d24max <= BUDGET.txBytes });
  budgets.push(...offBudgets);
  const bundledFit = claimByDepth.filter((r) => (r.withAtaTxBytes ?? Infinity) <= BUDGET.txBytes).map((r) => r.depth);

  const dirty = git("status --porcelain -- programs").split("\n").filter(Boolean);
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    programs,
    rent,
    computeUnits,
    claimByDepth,
    claimByRecipients: byRecipients,
    offchain: off,
    epochClose: close,
    ingest,
    cliLatency: cli,
    budgets,
    floorKit: Object.fromEntries(kit.cu),
    notes: [
      `Programs: target/deploy/*.so as built at run time; repository at ${git("rev-parse --short HEAD") || "?"}${dirty.length ? ` with uncommitted changes under programs/ (${dirty.map((l) => l.trim().replace(/^\S+\s+/, "")).join(", ")})` : ""}.`,
      `${quick ? "Quick run (--quick): fewer samples, no 1M off-chain case." : "Full run."} Samples per case: ${samples} (some cases more: e.g. stake and register_device per operator, extra depth-20/24 claims).`,
      `Syscall costs in the floors (Agave defaults): CPI invoke ${COST.invoke}; sol_log_data ${COST.syscallBase} + ${COST.syscallBase}/field + bytes; Clock read ${COST.clock}; Rent read ${COST.rent}; sha256 ${COST.sha256Base} + Σ max(${COST.memOpBase}, len/2) per slice; curve point check ${COST.curvePoint}. A new PDA account counts a Rent read, one PDA sha256 and one curve check (the cheapest canonical-bump proof); re-verifying an existing PDA counts one sha256.`,
      "Floors leave out: account deserialization and key/owner checks (no syscall), instruction-data parsing, the program's own logs (sol_log of instruction names or errors: avoidable), and the CPI's account-info serialization cost beyond invoke_units. They are a lower bound, not a target.",
      `register_device with a fee: the credits program's burn_fee, invoked by the network program, consumed ${Math.min(...burnFeeCpi).toLocaleString("en-US")}–${Math.max(...burnFeeCpi).toLocaleString("en-US")} CU of it (its own token-2022 Burn included), plus the network program's CPI invoke (${COST.invoke}) and account passing; burn_fee has no standalone transaction (only the network program can sign for it), so its floor is computed (token-2022 Burn + invoke + Clock + event).`,
      "The system program is a builtin: it logs no 'consumed' line; its standalone cost is the whole single-instruction transaction's.",
      `An operator's first claim as the SDK builds it (idempotent token-account create, initialize_claim_status, claim) fits one transaction up to depth ${bundledFit.length ? Math.max(...bundledFit) : "none"}; deeper, the SDK sends the set-up in a transaction of its own first (sdk/src/pack.ts).`,
      ...(kept ? [`\`--onchain\` run: the on-chain rows (compute units, claim tables, rent, program sizes and their budgets) are from this run; the wall-clock rows (off-chain tree and epoch close, oracle node ingest, CLI latency and their budgets) are kept from the run of ${kept.generatedAt}${keptRepo ? ` (repository at ${keptRepo})` : ""}.`] : []),
      "Depth sweep: a depth-d tree needs 2^d leaves, so each depth uses a valid proof of d random 32-byte siblings for one real leaf, and oracles publish the root folded from it (total = the leaf's amount); the program checks only the path.",
    ],
  };
  write(results, __dirname);
  process.stdout.write(markdown(results));
  log(`bench: wrote bench/results.json and bench/results.md in ${Math.round((Date.now() - t0) / 1000)} s`);
  for (const bu of budgets) log(`  ${bu.pass ? "PASS" : "FAIL"}  ${bu.name}: ${bu.measured} (limit ${bu.limit})`);
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
