#!/usr/bin/env node
// The @groundwork/sdk package's pack steps (run by `npm pack` in sdk/, see sdk/package.json):
//   prepack   compile sdk/src → sdk/dist (JS + .d.ts), copy the IDLs into sdk/idl and the compiled
//             programs (target/deploy/*.so) into sdk/programs, which the embedded SVM loads
//   postpack  remove the copies again, so a checkout keeps using target/deploy
// The package ships dist/, bin/, idl/, programs/ and README.md (sdk/package.json "files"); never
// keys/ (localnet-only program keypairs), target/ or tests/.
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.join(__dirname, "..");
const sdk = path.join(root, "sdk");
const step = process.argv[2];
const PROGRAMS = ["groundwork_network", "groundwork_credits", "groundwork_rewards"];

if (step === "prepack") {
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
  fs.mkdirSync(path.join(sdk, "idl"), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, "idl")).filter((f) => f.endsWith(".json"))) fs.copyFileSync(path.join(root, "idl", f), path.join(sdk, "idl", f));
  fs.mkdirSync(path.join(sdk, "programs"), { recursive: true });
  for (const p of PROGRAMS) {
    const so = path.join(root, "target", "deploy", `${p}.so`);
    if (!fs.existsSync(so)) throw new Error(`${so} is missing: run \`npm run build:programs\` before packing`);
    fs.copyFileSync(so, path.join(sdk, "programs", `${p}.so`));
  }
} else if (step === "postpack") {
  fs.rmSync(path.join(sdk, "programs"), { recursive: true, force: true });
  fs.rmSync(path.join(sdk, "idl"), { recursive: true, force: true });
} else {
  throw new Error("usage: pack-sdk.js prepack|postpack");
}
