// The CLI under test is the compiled one users run (bin/groundwork prefers dist/): build it when
// the sources are newer than the last build.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** Builds dist/ when the sources are newer, so the CLI under test is the compiled one users run. */
export function ensureBuilt(): void {
  const main = path.join(ROOT, "sdk", "dist", "cli", "main.js");
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true })
    .reduce((m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs), 0);
  if (fs.existsSync(main) && fs.statSync(main).mtimeMs >= newest(path.join(ROOT, "sdk", "src"))) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

