// The long invariant-fuzzing run (`npm run fuzz`, docs/fuzzing.md): several seeds, each with
// FUZZ_RUNS random sequences of up to FUZZ_OPS operations, until at least FUZZ_TOTAL operations
// ran. Prints per seed the runs, operations, outcomes and time; on a violation, the seed, the
// fast-check path and the shrunk sequence, and exits 1.
import { fuzz, RunResult } from "../tests/fuzz/model";

const firstSeed = Number(process.env.FUZZ_SEED ?? 20_260_101);
const runs = Number(process.env.FUZZ_RUNS ?? 10);
const maxOps = Number(process.env.FUZZ_OPS ?? 400);
const target = Number(process.env.FUZZ_TOTAL ?? 10_000);
const seeds = process.env.FUZZ_SEEDS ? process.env.FUZZ_SEEDS.split(",").map(Number) : null;

async function main(): Promise<void> {
  const started = Date.now();
  let total = 0;
  const reasons = new Map<string, number>();
  const outcomes = new Map<string, { ok: number; rejected: number; skipped: number }>();
  for (let i = 0; seeds ? i < seeds.length : total < target; i++) {
    const seed = seeds ? seeds[i] : firstSeed + i;
    const t0 = Date.now();
    let ops = 0, n = 0;
    const onRun = (r: RunResult) => {
      n++;
      ops += r.ops;
      for (const [k, c] of r.model.reasons) reasons.set(k, (reasons.get(k) ?? 0) + c);
      for (const [k, s] of r.model.stats) {
        const o = outcomes.get(k) ?? { ok: 0, rejected: 0, skipped: 0 };
        o.ok += s.ok; o.rejected += s.rejected; o.skipped += s.skipped;
        outcomes.set(k, o);
      }
    };
    try {
      await fuzz({ seed, runs, maxOps, onRun });
    } catch (err) {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    }
    total += ops;
    const secs = (Date.now() - t0) / 1000;
    console.log(`seed ${seed}: ${n} runs, ${ops} operations in ${secs.toFixed(1)} s (${(ops / secs).toFixed(1)} ops/s incl. setup), total ${total}`);
  }
  const secs = (Date.now() - started) / 1000;
  console.log(`\n${total} operations in ${secs.toFixed(1)} s (${(total / secs).toFixed(1)} ops/s), every invariant checked after every operation`);
  console.log("outcomes (succeeded / rejected as expected / not applicable):");
  for (const [k, o] of [...outcomes].sort()) console.log(`  ${k.padEnd(18)} ${String(o.ok).padStart(6)} ${String(o.rejected).padStart(6)} ${String(o.skipped).padStart(6)}`);
  console.log("expected rejections by error:");
  console.log([...reasons].sort().map(([k, c]) => `  ${k} ×${c}`).join("\n"));
}

main();
