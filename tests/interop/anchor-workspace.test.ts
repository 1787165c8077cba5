// Anchor's view of the workspace, as anchor-cli reads it (docs/build.md): Anchor.toml's
// [workspace] members are exactly the three programs (not the common or idl-check crates), each
// member's program name (its Cargo `[lib] name`) has its id in [programs.localnet], and that id is
// the keypair in keys/, the one the build puts in target/deploy/<name>-keypair.json (where
// `anchor keys list` reads it), the IDL's address and the SDK's.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { PROGRAMS, LOCALNET_PROGRAM_IDS } from "../../sdk/src/ids";

const root = path.join(__dirname, "..", "..");
type TomlValue = string | string[] | boolean | number;

/**
 * The subset of TOML Anchor.toml uses: [sections], [[arrays of tables]] (the n-th entry of
 * `[[a.b]]` is section `a.b[n]`), `key = "string"`, `key = ["a", "b"]` (one line), booleans, numbers.
 */
function parseToml(text: string): Record<string, Record<string, TomlValue>> {
  const out: Record<string, Record<string, TomlValue>> = {};
  let section = "";
  const entries: Record<string, number> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const entry = /^\[\[([^\]]+)\]\]$/.exec(line);
    if (entry) {
      const n = entries[entry[1]] ?? 0;
      entries[entry[1]] = n + 1;
      section = `${entry[1]}[${n}]`;
      out[section] = {};
      continue;
    }
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1];
      out[section] = {};
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) throw new Error(`Anchor.toml: cannot read ${line}`);
    const value = kv[2].trim();
    out[section][kv[1]] = value.startsWith("[")
      ? (JSON.parse(value) as string[])
      : value === "true" || value === "false"
        ? value === "true"
        : (JSON.parse(value) as string);
  }
  return out;
}

const keypairId = (file: string) => Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(file, "utf8")) as number[])).publicKey.toBase58();
const libName = (crateDir: string) => {
  const cargo = fs.readFileSync(path.join(root, crateDir, "Cargo.toml"), "utf8");
  const lib = /\[lib\][^[]*?name\s*=\s*"([^"]+)"/.exec(cargo);
  return lib ? lib[1] : /name\s*=\s*"([^"]+)"/.exec(cargo)![1].replace(/-/g, "_");
};
const isProgramCrate = (crateDir: string) => /crate-type\s*=\s*\[[^\]]*"cdylib"/.test(fs.readFileSync(path.join(root, crateDir, "Cargo.toml"), "utf8"));

describe("interop: Anchor's workspace view (Anchor.toml, keys/, target/deploy)", () => {
  const toml = parseToml(fs.readFileSync(path.join(root, "Anchor.toml"), "utf8"));
  const members = toml.workspace.members as string[];
  const exclude = toml.workspace.exclude as string[];

  it("members are exactly the program crates of programs/; the other Cargo workspace crates are excluded", () => {
    const cratesIn = (dir: string) =>
      fs.existsSync(path.join(root, dir)) ? fs.readdirSync(path.join(root, dir)).map((d) => `${dir}/${d}`).filter((d) => fs.existsSync(path.join(root, d, "Cargo.toml"))) : [];
    const crates = cratesIn("programs");
    expect([...members].sort()).to.deep.equal(crates.filter(isProgramCrate).sort());
    // The other Cargo workspace crates: non-program crates of programs/, and the Node addons of
    // native/ (cdylibs too, but not programs).
    expect([...exclude].sort()).to.deep.equal([...crates.filter((c) => !isProgramCrate(c)), ...cratesIn("native")].sort());
    expect(members.map(libName).sort()).to.deep.equal(PROGRAMS.map((p) => p.name).sort());
  });

  it("each program's id in [programs.localnet] is its keypair in keys/, the IDL's address and the SDK's", () => {
    const ids = toml["programs.localnet"];
    expect(Object.keys(ids).sort()).to.deep.equal(members.map(libName).sort());
    for (const program of PROGRAMS) {
      const id = ids[program.name];
      // keys/ unless a team set its own ids (npm run set-program-ids; their keypairs are in target/deploy).
      if (LOCALNET_PROGRAM_IDS.includes(String(id))) expect(keypairId(path.join(root, "keys", `${program.name}-keypair.json`)), program.name).to.equal(id);
      expect(program.programId.toBase58()).to.equal(id);
      const idl = JSON.parse(fs.readFileSync(path.join(root, "idl", `${program.name}.json`), "utf8")) as { address: string; metadata: { name: string } };
      expect(idl.address).to.equal(id);
      expect(idl.metadata.name).to.equal(program.name);
    }
  });

  it("[test.validator] describes the validator test:validator starts: the attacker program as genesis (not one of ours), every fixture account", () => {
    const genesis = Object.keys(toml).filter((k) => k.startsWith("test.genesis[")).map((k) => toml[k]);
    const attacker = keypairId(path.join(root, "keys", "groundwork_test_attacker-keypair.json"));
    expect(genesis).to.deep.equal([{ address: attacker, program: "target/deploy/groundwork_test_attacker.so" }]);
    expect(Object.keys(toml["programs.localnet"])).to.not.include("groundwork_test_attacker");
    expect(members.map(libName)).to.not.include("groundwork_test_attacker");
    const accounts = Object.keys(toml).filter((k) => k.startsWith("test.validator.account[")).map((k) => toml[k]);
    const files = fs.readdirSync(path.join(root, "tests", "fixtures", "accounts")).filter((f) => f.endsWith(".json")).sort();
    expect(accounts.map((a) => a.filename)).to.deep.equal(files.map((f) => `tests/fixtures/accounts/${f}`));
    for (const a of accounts) {
      const file = JSON.parse(fs.readFileSync(path.join(root, String(a.filename)), "utf8")) as { pubkey: string };
      expect(a.address).to.equal(file.pubkey);
    }
    expect(String(toml.scripts.test)).to.contain("--grep '\\[embedded-only' --invert");
  });

  it("the build put each keypair where anchor keys list reads it (target/deploy/<name>-keypair.json)", () => {
    for (const program of PROGRAMS) {
      const deployed = path.join(root, "target", "deploy", `${program.name}-keypair.json`);
      expect(fs.existsSync(deployed), `${deployed} (run npm run build:programs)`).to.equal(true);
      expect(keypairId(deployed)).to.equal(program.programId.toBase58());
    }
  });

  it("deploy-keypairs.sh replaces a keypair a tool generated, keeps one on request, and is idempotent", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "gw-keys-"));
    try {
      fs.mkdirSync(path.join(work, "scripts"));
      fs.copyFileSync(path.join(root, "scripts", "deploy-keypairs.sh"), path.join(work, "scripts", "deploy-keypairs.sh"));
      fs.cpSync(path.join(root, "keys"), path.join(work, "keys"), { recursive: true });
      fs.mkdirSync(path.join(work, "target", "deploy"), { recursive: true });
      const stray = path.join(work, "target", "deploy", "groundwork_network-keypair.json");
      fs.writeFileSync(stray, JSON.stringify(Array.from(Keypair.generate().secretKey)));
      const run = (env: NodeJS.ProcessEnv = {}) => spawnSync("bash", [path.join(work, "scripts", "deploy-keypairs.sh")], { encoding: "utf8", env: { ...process.env, ...env } });

      const kept = run({ GROUNDWORK_KEEP_DEPLOY_KEYPAIRS: "1" });
      expect(kept.status, kept.stderr).to.equal(0);
      expect(kept.stdout).to.contain("keeping");
      // The copy has no Anchor.toml: keys/ is the source (as on the repository's localnet ids).
      const keysId = (name: string) => keypairId(path.join(work, "keys", `${name}-keypair.json`));
      expect(keypairId(stray)).to.not.equal(keysId("groundwork_network"));

      const replaced = run();
      expect(replaced.status, replaced.stderr).to.equal(0);
      expect(replaced.stdout).to.contain("replacing");
      for (const program of PROGRAMS) {
        expect(keypairId(path.join(work, "target", "deploy", `${program.name}-keypair.json`))).to.equal(keysId(program.name));
      }
      const again = run();
      expect(again.status).to.equal(0);
      expect(again.stdout).to.equal("");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
