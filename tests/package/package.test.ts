// @groundwork/sdk as a stranger installs it: `npm pack` the package, `npm install` the tarball in a
// fresh directory (its dependencies from the registry), then a plain-node script and a plain-`tsc`
// TypeScript script import it by name and run a network on the embedded SVM with the packaged
// programs, and the installed `groundwork` bin runs from the compiled JS.
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

// [embedded-only]: it packs the SDK, installs it in a fresh project and runs it there offline, on
// the embedded SVM the package ships (what a user gets from the tarball with no cluster at hand).
describe("package: @groundwork/sdk installed from its tarball [embedded-only: runs the installed package offline on the embedded SVM it ships, with no cluster]", function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-package-"));
  const project = path.join(dir, "project");
  let tarball: string;
  let files: string[];

  before(() => {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: path.join(ROOT, "sdk"), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    // npm prints the prepack step's output before the JSON.
    const packed = JSON.parse(out.slice(out.indexOf("[\n"))) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(dir, packed[0].filename);
    files = packed[0].files.map((f) => f.path);
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "groundwork-consumer", version: "1.0.0", private: true }));
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: project, encoding: "utf8" });
    expect(install.status, install.stderr).to.equal(0);
  });

  it("ships compiled JS, types, IDLs and programs, and not keys/, target/, tests/ or TypeScript sources", () => {
    for (const f of ["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "bin/groundwork.js", "idl/groundwork_network.json", "programs/groundwork_network.so", "programs/groundwork_credits.so", "programs/groundwork_rewards.so", "README.md", "package.json"]) {
      expect(files, f).to.include(f);
    }
    expect(files.filter((f) => /^(keys|target|tests|src)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).to.deep.equal([]);
    expect(fs.existsSync(path.join(ROOT, "sdk", "programs")), "postpack removed the copies").to.equal(false);
  });

  it("a plain node script requires it by name and runs a network on the embedded SVM", () => {
    fs.writeFileSync(path.join(project, "run.js"), `
const { Groundwork, createEmbeddedSvm, groundworkPrograms, networkAccounts } = require("@groundwork/sdk");
const { Keypair } = require("@solana/web3.js");
const { createMint } = require("@solana/spl-token");
(async () => {
  const { provider, connection, payer } = createEmbeddedSvm(groundworkPrograms());
  const gw = Groundwork.connect(provider);
  const mint = await createMint(connection, payer, payer.publicKey, null, 6);
  const { network } = await gw.team().createNetwork({ mint, epochLengthSecs: 3600, stakePerDevice: 1000n, minOperatorStake: 0n, unbondingSecs: 3600,
    slashDisputeWindowSecs: 600, maxSlashBps: 100, slashDestination: "burn", oracles: [Keypair.generate().publicKey], oracleThreshold: 1 });
  const n = await networkAccounts.fetchNetwork(gw.ctx.network, network);
  console.log(JSON.stringify({ network: network.toBase58(), stakePerDevice: n.stakePerDevice.toString() }));
})().catch((e) => { console.error(e); process.exit(1); });
`);
    const r = spawnSync(process.execPath, ["run.js"], { cwd: project, encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.include({ stakePerDevice: "1000" });
  });

  it("a TypeScript script compiles with plain tsc (no resolveJsonModule, no deep imports) and opens an embedded state file", () => {
    fs.writeFileSync(path.join(project, "state.ts"), `
import { Keypair } from "@solana/web3.js";
import { Groundwork, openEmbeddedState, NetworkErrors, GroundworkProgramError } from "@groundwork/sdk";

async function main(): Promise<void> {
  const payer = Keypair.generate();
  const file = process.argv[2];
  const first = openEmbeddedState(file, { payer, create: true });
  const airdropped = await first.connection.requestAirdrop(Keypair.generate().publicKey, 1_000_000);
  first.save();
  const again = openEmbeddedState(file, { payer });
  const gw: Groundwork = Groundwork.connect(again.provider);
  const error: GroundworkProgramError = new NetworkErrors.StillUnbonding();
  console.log(JSON.stringify({ created: first.created, reopenedCreated: again.created, signature: typeof airdropped, programs: gw.ctx.network.programId.toBase58().length > 0, error: error.errorName }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`);
    const tsc = spawnSync(process.execPath, [TSC, "--strict", "--target", "ES2020", "--module", "commonjs", "--esModuleInterop", "--skipLibCheck", "state.ts"], { cwd: project, encoding: "utf8" });
    expect(tsc.status, tsc.stdout + tsc.stderr).to.equal(0);
    const r = spawnSync(process.execPath, ["state.js", path.join(dir, "chain.bin")], { cwd: project, encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.deep.equal({ created: true, reopenedCreated: false, signature: "string", programs: true, error: "StillUnbonding" });
  });

  it("the installed groundwork bin runs the compiled CLI", () => {
    const bin = path.join(project, "node_modules", ".bin", "groundwork");
    const version = spawnSync(bin, ["--version"], { cwd: project, encoding: "utf8" });
    expect(version.status, version.stderr).to.equal(0);
    expect(version.stdout.trim()).to.equal((JSON.parse(fs.readFileSync(path.join(ROOT, "sdk", "package.json"), "utf8")) as { version: string }).version);
    const key = path.join(project, "me.json");
    expect(spawnSync(bin, ["wallet", "new", "--outfile", key], { cwd: project, encoding: "utf8" }).status).to.equal(0);
    const state = path.join(project, "cli.bin");
    const mint = spawnSync(bin, ["--url", `embedded:${state}`, "--keypair", key, "--create", "--output", "json", "token", "create-mint", "--decimals", "2"], { cwd: project, encoding: "utf8" });
    expect(mint.status, mint.stderr).to.equal(0);
    expect(JSON.parse(mint.stdout)).to.include({ decimals: 2 });
    const wrong = spawnSync(bin, ["--url", `embedded:${state}x`, "--keypair", key, "--output", "json", "wallet", "address"], { cwd: project, encoding: "utf8" });
    expect(wrong.status).to.equal(2);
    expect((JSON.parse(wrong.stderr) as { error: { code: string } }).error.code).to.equal("STATE_FILE_NOT_FOUND");
  });
});
