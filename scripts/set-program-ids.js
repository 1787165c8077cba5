#!/usr/bin/env node
// Sets the three program ids everywhere the repository carries them, from a team's own program
// keypairs (docs/build.md, "Deploying with your own program ids"):
//   programs/common/src/ids.rs   what the programs check each other's accounts against
//   idl/<program>.json "address" (then `node scripts/idl.js` regenerates sdk/src/idl/*.ts)
//   sdk/src/ids.ts               the SDK's and CLI's ids
//   Anchor.toml [programs.localnet]
//   target/deploy/<program>-keypair.json   where `solana program deploy`/Anchor take the keypair
// `npm run build:programs` then builds programs with those ids.
//
//   set-program-ids.js --network-keypair <f> --credits-keypair <f> --rewards-keypair <f> [--check]
//   set-program-ids.js --keys-dir <dir> [--check]    (<dir>/groundwork_<program>-keypair.json)
//   set-program-ids.js --localnet [--check]          back to the committed keys/ (localnet-only)
// --check changes nothing: it says whether every source carries the keypairs' ids (exit 1 if not).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const ROOT = path.join(__dirname, "..");
const PROGRAMS = [
  { name: "groundwork_network", flag: "--network-keypair", rustConst: "NETWORK_PROGRAM_ID", tsConst: "NETWORK_PROGRAM_ID" },
  { name: "groundwork_credits", flag: "--credits-keypair", rustConst: "CREDITS_PROGRAM_ID", tsConst: "CREDITS_PROGRAM_ID" },
  { name: "groundwork_rewards", flag: "--rewards-keypair", rustConst: "REWARDS_PROGRAM_ID", tsConst: "REWARDS_PROGRAM_ID" },
];
const USAGE = `usage: npm run set-program-ids -- --network-keypair <file> --credits-keypair <file> --rewards-keypair <file> [--check]
       npm run set-program-ids -- --keys-dir <dir> [--check]   (files <dir>/groundwork_{network,credits,rewards}-keypair.json)
       npm run set-program-ids -- --localnet [--check]         (the committed keys/, localnet-only)`;

class UsageError extends Error {}

// web3.js is a dependency of the repository, so this runs wherever the build does.
const { Keypair, PublicKey } = require("@solana/web3.js");
const base58 = (bytes) => new PublicKey(Uint8Array.from(bytes)).toBase58();

/** The public key (32 bytes) of a Solana keypair file (a JSON array of 64 bytes), checked. */
function readKeypair(file) {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  let bytes;
  try {
    bytes = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new UsageError(`${file}: not a keypair file (a JSON array of 64 bytes, as solana-keygen writes)`);
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new UsageError(`${file}: not a keypair file (a JSON array of 64 bytes, as solana-keygen writes)`);
  }
  // The second half of the secret key is the public key; web3.js checks it is the seed's.
  let keypair;
  try {
    keypair = Keypair.fromSecretKey(Uint8Array.from(bytes));
  } catch {
    throw new UsageError(`${file}: not a valid keypair (its public half is not its secret's)`);
  }
  const pubkey = keypair.publicKey.toBytes();
  return { file, bytes: Array.from(pubkey), id: base58(pubkey) };
}

function parseArgs(argv) {
  const out = { files: {}, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const program = PROGRAMS.find((p) => p.flag === a);
    if (program) out.files[program.name] = path.resolve(value());
    else if (a === "--keys-dir") out.keysDir = path.resolve(value());
    else if (a === "--localnet") out.keysDir = path.join(ROOT, "keys");
    else if (a === "--check") out.check = true;
    else if (a === "--help" || a === "-h") out.help = true;
    else throw new UsageError(`unknown argument: ${a}`);
  }
  if (out.help) return out;
  if (out.keysDir) {
    if (Object.keys(out.files).length) throw new UsageError("give either --keys-dir/--localnet or the three --<program>-keypair files, not both");
    if (!fs.existsSync(out.keysDir) || !fs.statSync(out.keysDir).isDirectory()) throw new UsageError(`${out.keysDir}: no such directory`);
    for (const p of PROGRAMS) out.files[p.name] = path.join(out.keysDir, `${p.name}-keypair.json`);
  }
  const missing = PROGRAMS.filter((p) => !out.files[p.name]).map((p) => p.flag);
  if (missing.length) throw new UsageError(`missing ${missing.join(", ")}`);
  return out;
}

// --- the sources ----------------------------------------------------------------------------
const IDS_RS = path.join(ROOT, "programs", "common", "src", "ids.rs");
const IDS_TS = path.join(ROOT, "sdk", "src", "ids.ts");
const ANCHOR_TOML = path.join(ROOT, "Anchor.toml");
const idlFile = (name) => path.join(ROOT, "idl", `${name}.json`);

const rustRe = (c) => new RegExp(`(pub const ${c}: Address = Address::new_from_array\\(\\[)([\\s\\d,]*)(\\]\\);) // (\\w+)`);
const tsRe = (c) => new RegExp(`(export const ${c} = new PublicKey\\(")(\\w+)("\\))`);
const tomlRe = (name) => new RegExp(`(\\[programs\\.localnet\\][^\\[]*?\\n${name} = ")(\\w+)(")`);
const idlRe = /^(\{\s*"address": ")(\w+)(")/;

/** rustfmt's layout of the byte array (lines under 100 columns, 4-space indent). */
function rustBytes(bytes) {
  const lines = [];
  let line = "   ";
  for (const b of bytes) {
    const item = ` ${b},`;
    if (line.length + item.length >= 100) {
      lines.push(line);
      line = "   ";
    }
    line += item;
  }
  lines.push(line);
  return `\n${lines.join("\n")}\n`;
}

/** Each source's current id for each program, for --check and the report. */
function currentIds() {
  const rs = fs.readFileSync(IDS_RS, "utf8");
  const ts = fs.readFileSync(IDS_TS, "utf8");
  const toml = fs.readFileSync(ANCHOR_TOML, "utf8");
  const found = (m, what) => {
    if (!m) throw new Error(`${what}: cannot find the program id (was the file's layout changed?)`);
    return m;
  };
  return PROGRAMS.map((p) => {
    const r = found(rustRe(p.rustConst).exec(rs), `${IDS_RS} ${p.rustConst}`);
    const rustId = base58(r[2].split(",").map((s) => s.trim()).filter(Boolean).map(Number));
    return {
      program: p,
      sources: {
        [path.relative(ROOT, IDS_RS)]: rustId,
        [path.relative(ROOT, IDS_TS)]: found(tsRe(p.tsConst).exec(ts), `${IDS_TS} ${p.tsConst}`)[2],
        [path.relative(ROOT, ANCHOR_TOML)]: found(tomlRe(p.name).exec(toml), `${ANCHOR_TOML} [programs.localnet] ${p.name}`)[2],
        [path.relative(ROOT, idlFile(p.name))]: found(idlRe.exec(fs.readFileSync(idlFile(p.name), "utf8")), `${idlFile(p.name)} address`)[2],
      },
    };
  });
}

/** `value` with every old program id (a base58 string, or an array of its 32 bytes) replaced. */
function replaceIds(value, replacement) {
  if (typeof value === "string") return replacement.has(value) ? replacement.get(value).id : value;
  if (Array.isArray(value)) {
    if (value.length === 32 && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      const key = replacement.get(base58(value));
      if (key) return [...key.bytes];
    }
    return value.map((v) => replaceIds(v, replacement));
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIds(v, replacement)]));
  return value;
}

function writeIds(keys) {
  let rs = fs.readFileSync(IDS_RS, "utf8");
  let ts = fs.readFileSync(IDS_TS, "utf8");
  let toml = fs.readFileSync(ANCHOR_TOML, "utf8");
  // The ids before: an IDL names other programs too (a PDA's `pda.program`, as bytes).
  const before = new Map(currentIds().map(({ program, sources }) => [program.name, sources[path.relative(ROOT, idlFile(program.name))]]));
  const replacement = new Map();
  for (const p of PROGRAMS) {
    const k = keys[p.name];
    rs = rs.replace(rustRe(p.rustConst), (_, head, _bytes, tail) => `${head}${rustBytes(k.bytes)}${tail} // ${k.id}`);
    ts = ts.replace(tsRe(p.tsConst), (_, head, _id, tail) => `${head}${k.id}${tail}`);
    toml = toml.replace(tomlRe(p.name), (_, head, _id, tail) => `${head}${k.id}${tail}`);
    replacement.set(before.get(p.name), k);
  }
  for (const p of PROGRAMS) {
    const idl = JSON.parse(fs.readFileSync(idlFile(p.name), "utf8"));
    idl.address = keys[p.name].id;
    fs.writeFileSync(idlFile(p.name), `${JSON.stringify(replaceIds(idl, replacement), null, 2)}\n`);
  }
  fs.writeFileSync(IDS_RS, rs);
  fs.writeFileSync(IDS_TS, ts);
  fs.writeFileSync(ANCHOR_TOML, toml);
  const idl = spawnSync(process.execPath, [path.join(ROOT, "scripts", "idl.js")], { cwd: ROOT, encoding: "utf8" });
  if (idl.status !== 0) throw new Error(`node scripts/idl.js failed:\n${idl.stdout}${idl.stderr}`);
  // The keypairs where `solana program deploy --program-id` and Anchor's CLI take them;
  // scripts/deploy-keypairs.sh keeps them there, as they are not keys/ (target/ is not committed).
  fs.mkdirSync(path.join(ROOT, "target", "deploy"), { recursive: true });
  for (const p of PROGRAMS) {
    const dst = path.join(ROOT, "target", "deploy", `${p.name}-keypair.json`);
    if (path.resolve(keys[p.name].file) !== dst) fs.copyFileSync(keys[p.name].file, dst);
    fs.chmodSync(dst, 0o600);
  }
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const keys = {};
  for (const p of PROGRAMS) keys[p.name] = readKeypair(args.files[p.name]);
  const ids = PROGRAMS.map((p) => keys[p.name].id);
  if (new Set(ids).size !== ids.length) throw new UsageError(`the three programs need three different keypairs: ${PROGRAMS.map((p) => `${p.name} ${keys[p.name].id}`).join(", ")}`);

  if (args.check) {
    const wrong = [];
    for (const { program, sources } of currentIds()) {
      for (const [file, id] of Object.entries(sources)) if (id !== keys[program.name].id) wrong.push(`${file}: ${program.name} is ${id}, the keypair's is ${keys[program.name].id}`);
    }
    // A PDA of another program names that program by its id's bytes.
    const ids = new Set(PROGRAMS.map((p) => keys[p.name].id));
    for (const p of PROGRAMS) {
      const walk = (v, at) => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
        else if (v && typeof v === "object") {
          if (v.pda && v.pda.program && v.pda.program.kind === "const" && !ids.has(base58(v.pda.program.value))) wrong.push(`idl/${p.name}.json ${at}.pda.program is ${base58(v.pda.program.value)}, none of the keypairs' ids`);
          for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
        }
      };
      walk(JSON.parse(fs.readFileSync(idlFile(p.name), "utf8")), "");
    }
    const idl = spawnSync(process.execPath, [path.join(ROOT, "scripts", "idl.js"), "--check"], { cwd: ROOT, encoding: "utf8" });
    if (idl.status !== 0) wrong.push(`sdk/src/idl/*.ts are not generated from idl/*.json (run node scripts/idl.js)`);
    if (wrong.length) {
      console.error(`program ids differ from the keypairs:\n  ${wrong.join("\n  ")}\nrun the same command without --check to write them`);
      return 1;
    }
    console.log(`program ids agree with the keypairs: ${PROGRAMS.map((p) => `${p.name} ${keys[p.name].id}`).join(", ")}`);
    return 0;
  }
  writeIds(keys);
  for (const p of PROGRAMS) console.log(`${p.name.padEnd(20)} ${keys[p.name].id}`);
  const localnet = path.resolve(args.files.groundwork_network) === path.join(ROOT, "keys", "groundwork_network-keypair.json");
  console.log(
    localnet
      ? "ids set to the committed localnet keypairs (keys/)"
      : "ids written to ids.rs, idl/*.json (+ sdk/src/idl), sdk/src/ids.ts, Anchor.toml; keypairs copied to target/deploy/.\nNext: npm run build:programs, then deploy target/deploy/<program>.so with its keypair (docs/build.md).",
  );
  return 0;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    console.error(`set-program-ids: ${e.message}`);
    if (e instanceof UsageError) console.error(USAGE);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
}

module.exports = { base58, readKeypair };
