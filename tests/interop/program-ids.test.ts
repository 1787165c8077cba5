// A team's own program ids (docs/build.md, "Deploying with your own program ids"):
// `npm run set-program-ids` run in a temporary copy of the files it rewrites, with fresh keypairs,
// and the deploy's refusal of the committed localnet ids on a non-local cluster.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { PROGRAMS, LOCALNET_PROGRAM_IDS, LocalnetProgramIdsError, assertDeployableProgramIds, isLocalEndpoint } from "../../sdk/src/ids";
import { deploy } from "../../sdk/src/deploy";
import { explain } from "../../sdk/src/cli/errors";

const root = path.join(__dirname, "..", "..");
// The files set-program-ids reads or writes, and what it runs (scripts/idl.js, deploy-keypairs.sh).
const COPIED = ["scripts/set-program-ids.js", "scripts/idl.js", "scripts/deploy-keypairs.sh", "programs/common/src/ids.rs", "sdk/src/ids.ts", "sdk/src/idl", "idl", "keys", "Anchor.toml"];
const NAMES = PROGRAMS.map((p) => p.name);
// The repository builds with keys/'s ids; a team's fork (after set-program-ids) with its own.
const localnetBuild = PROGRAMS.every((p, i) => p.programId.toBase58() === LOCALNET_PROGRAM_IDS[i]);

describe("interop: a team's own program ids (set-program-ids)", () => {
  let work: string;
  const team: Record<string, Keypair> = {};
  const file = (rel: string) => path.join(work, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), "utf8");
  const writeKeypair = (at: string, kp: Keypair) => fs.writeFileSync(at, JSON.stringify(Array.from(kp.secretKey)));
  const run = (...args: string[]) => spawnSync(process.execPath, [file("scripts/set-program-ids.js"), ...args], { cwd: work, encoding: "utf8" });
  const teamArgs = () => ["--network-keypair", file("team/groundwork_network-keypair.json"), "--credits-keypair", file("team/groundwork_credits-keypair.json"), "--rewards-keypair", file("team/groundwork_rewards-keypair.json")];

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "gw-ids-"));
    for (const rel of COPIED) {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.cpSync(path.join(root, rel), file(rel), { recursive: true });
    }
    fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), file("node_modules"));
    fs.mkdirSync(file("team"));
    for (const name of NAMES) {
      team[name] = Keypair.generate();
      writeKeypair(file(`team/${name}-keypair.json`), team[name]);
    }
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("refuses a missing file, a file that is not a keypair, a missing flag and one keypair for two programs, changing nothing", () => {
    const before = COPIED.filter((r) => !r.startsWith("scripts")).map((r) => (fs.statSync(file(r)).isFile() ? read(r) : ""));
    const args = teamArgs();
    const missing = run(...args.slice(0, 5), file("team/nope.json"));
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.contain(`${file("team/nope.json")}: no such file`);
    fs.writeFileSync(file("team/short.json"), "[1, 2, 3]");
    const short = run(...args.slice(0, 5), file("team/short.json"));
    expect(short.status).to.equal(2);
    expect(short.stderr).to.contain("short.json: not a keypair file (a JSON array of 64 bytes");
    fs.writeFileSync(file("team/text.json"), "not json");
    expect(run(...args.slice(0, 5), file("team/text.json")).stderr).to.contain("text.json: not a keypair file");
    const tampered = Array.from(Keypair.generate().secretKey);
    tampered[40] ^= 1; // the public half no longer the secret's
    fs.writeFileSync(file("team/tampered.json"), JSON.stringify(tampered));
    expect(run(...args.slice(0, 5), file("team/tampered.json")).stderr).to.contain("tampered.json: not a valid keypair");
    const noRewards = run(...args.slice(0, 4));
    expect(noRewards.status).to.equal(2);
    expect(noRewards.stderr).to.contain("missing --rewards-keypair");
    const same = run(...args.slice(0, 5), file("team/groundwork_network-keypair.json"));
    expect(same.status).to.equal(2);
    expect(same.stderr).to.contain("three different keypairs");
    expect(run("--keys-dir", file("nowhere")).stderr).to.contain("no such directory");
    expect(COPIED.filter((r) => !r.startsWith("scripts")).map((r) => (fs.statSync(file(r)).isFile() ? read(r) : ""))).to.deep.equal(before);
  });

  it("--check agrees with the sources' keypairs (keys/ in the repository), and not with the team's", () => {
    const localnet = run("--localnet", "--check");
    expect(localnet.status, localnet.stderr).to.equal(localnetBuild ? 0 : 1);
    const teamCheck = run(...teamArgs(), "--check");
    expect(teamCheck.status).to.equal(1);
    for (const rel of ["programs/common/src/ids.rs", "sdk/src/ids.ts", "Anchor.toml", "idl/groundwork_network.json", "idl/groundwork_rewards.json"]) expect(teamCheck.stderr).to.contain(`${rel}: `);
  });

  it("writes the team's ids to ids.rs, the IDLs (and the generated SDK IDLs), sdk ids and Anchor.toml, and the keypairs to target/deploy", () => {
    const r = run(...teamArgs());
    expect(r.status, r.stderr).to.equal(0);
    const rs = read("programs/common/src/ids.rs");
    const ts = read("sdk/src/ids.ts");
    const toml = read("Anchor.toml");
    for (const [i, name] of NAMES.entries()) {
      const id = team[name].publicKey;
      const constName = `${name.replace("groundwork_", "").toUpperCase()}_PROGRAM_ID`;
      // ids.rs: the bytes, not only the comment.
      const bytes = new RegExp(`pub const ${constName}: Address = Address::new_from_array\\(\\[([\\s\\d,]*)\\]\\); // (\\w+)`).exec(rs)!;
      expect(bytes[1].split(",").map((s) => s.trim()).filter(Boolean).map(Number)).to.deep.equal(Array.from(id.toBytes()));
      expect(bytes[2]).to.equal(id.toBase58());
      expect(ts).to.contain(`export const ${constName} = new PublicKey("${id.toBase58()}")`);
      expect(toml).to.contain(`${name} = "${id.toBase58()}"`);
      expect((JSON.parse(read(`idl/${name}.json`)) as { address: string }).address).to.equal(id.toBase58());
      const generated = read(`sdk/src/idl/${name}.ts`);
      expect(generated).to.contain(id.toBase58());
      expect(generated).to.not.contain(LOCALNET_PROGRAM_IDS[i]);
      expect(fs.readFileSync(file(`target/deploy/${name}-keypair.json`), "utf8")).to.equal(fs.readFileSync(file(`team/${name}-keypair.json`), "utf8"));
      expect(fs.statSync(file(`target/deploy/${name}-keypair.json`)).mode & 0o077).to.equal(0);
    }
    // The rewards program derives a credits PDA: its IDL names the credits program by its bytes.
    const rewardsIdl = read("idl/groundwork_rewards.json");
    const pdaPrograms = [...rewardsIdl.matchAll(/"program": \{\s*"kind": "const",\s*"value": (\[[\d,\s]*\])/g)].map((m) => JSON.parse(m[1]) as number[]);
    expect(pdaPrograms).to.have.length.greaterThan(0);
    for (const bytes of pdaPrograms) expect(NAMES.map((n) => team[n].publicKey.toBase58())).to.include(new PublicKey(Uint8Array.from(bytes)).toBase58());
    // The localnet list the deploy guard uses is left alone, and nothing else in the files moved.
    expect(ts).to.contain(`"${LOCALNET_PROGRAM_IDS[0]}",`);
    expect(rs.split("\n").filter((l) => l.includes("TOKEN_PROGRAM_ID: Address"))).to.have.length(1);
    const check = run(...teamArgs(), "--check");
    expect(check.status, check.stderr).to.equal(0);
    expect(check.stdout).to.contain("program ids agree with the keypairs");
    expect(run("--localnet", "--check").status).to.equal(1);
    // The same through a directory of keypairs.
    expect(run("--keys-dir", file("team"), "--check").status).to.equal(0);
  });

  it("the build's deploy-keypairs.sh keeps the team's keypairs in target/deploy and stops on a wrong one", () => {
    const keep = spawnSync("bash", [file("scripts/deploy-keypairs.sh")], { encoding: "utf8" });
    expect(keep.status, keep.stderr).to.equal(0);
    expect(fs.readFileSync(file("target/deploy/groundwork_credits-keypair.json"), "utf8")).to.equal(fs.readFileSync(file("team/groundwork_credits-keypair.json"), "utf8"));
    writeKeypair(file("target/deploy/groundwork_credits-keypair.json"), Keypair.generate());
    const wrong = spawnSync("bash", [file("scripts/deploy-keypairs.sh")], { encoding: "utf8" });
    expect(wrong.status).to.equal(1);
    expect(wrong.stderr).to.contain(`groundwork_credits id ${team.groundwork_credits.publicKey.toBase58()}`);
    expect(wrong.stderr).to.contain("set-program-ids");
  });

  it("--localnet puts back the keys/ ids (exactly the repository's sources when it builds with them)", () => {
    const r = run("--localnet");
    expect(r.status, r.stderr).to.equal(0);
    expect(run("--localnet", "--check").status).to.equal(0);
    if (localnetBuild) for (const rel of ["programs/common/src/ids.rs", "sdk/src/ids.ts", "Anchor.toml", ...NAMES.map((n) => `idl/${n}.json`), ...NAMES.map((n) => `sdk/src/idl/${n}.ts`)]) {
      expect(read(rel), rel).to.equal(fs.readFileSync(path.join(root, rel), "utf8"));
    }
    for (const name of NAMES) expect(fs.readFileSync(file(`target/deploy/${name}-keypair.json`), "utf8")).to.equal(fs.readFileSync(file(`keys/${name}-keypair.json`), "utf8"));
  });
});

describe("deploy: the committed localnet program ids stay on local chains", () => {
  it("the localnet list is the keypairs of keys/, and the repository builds with them", () => {
    const keyIds = PROGRAMS.map((p) => Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(path.join(root, "keys", `${p.name}-keypair.json`), "utf8")) as number[])).publicKey.toBase58());
    expect(keyIds).to.deep.equal([...LOCALNET_PROGRAM_IDS]);
  });

  it("local endpoints are this machine's only", () => {
    for (const url of ["http://127.0.0.1:8899", "http://localhost:8899", "http://127.0.0.1:1", "http://[::1]:8899", "http://0.0.0.0:8899"]) expect(isLocalEndpoint(url), url).to.equal(true);
    for (const url of ["https://api.devnet.solana.com", "https://api.mainnet-beta.solana.com", "http://localhost.example.com", "http://127.0.0.1.nip.io", "not a url"]) expect(isLocalEndpoint(url), url).to.equal(false);
  });

  it("refuses a non-local cluster with the localnet ids, passes a local one, and passes a team's ids anywhere", () => {
    const localnet = PROGRAMS.map((p) => ({ name: p.name, programId: new PublicKey(LOCALNET_PROGRAM_IDS[PROGRAMS.indexOf(p)]) }));
    expect(() => assertDeployableProgramIds("https://api.devnet.solana.com", localnet)).to.throw(LocalnetProgramIdsError, /localnet-only keypairs in keys\/.*Deploying with your own program ids/s);
    expect(() => assertDeployableProgramIds("http://127.0.0.1:8899", localnet)).to.not.throw();
    const teams = PROGRAMS.map((p) => ({ name: p.name, programId: Keypair.generate().publicKey }));
    expect(() => assertDeployableProgramIds("https://api.mainnet-beta.solana.com", teams)).to.not.throw();
    // One program left on its localnet id is enough to refuse.
    expect(() => assertDeployableProgramIds("https://api.devnet.solana.com", [teams[0], teams[1], localnet[2]])).to.throw(LocalnetProgramIdsError, /groundwork_rewards/);
  });

  it("deploy() on a devnet provider stops before any request, and the CLI explains it with LOCALNET_PROGRAM_IDS", async () => {
    // An endpoint that cannot answer: the refusal must come before any request is made.
    const connection = new Connection("https://devnet.invalid", "confirmed");
    let requests = 0;
    (connection as unknown as { _rpcRequest: () => Promise<never> })._rpcRequest = async () => {
      requests++;
      throw new Error("no request expected");
    };
    const provider = new AnchorProvider(connection, new Wallet(Keypair.generate()), { commitment: "confirmed" });
    const config = { mint: Keypair.generate().publicKey } as unknown as Parameters<typeof deploy>[1];
    let caught: unknown;
    try {
      await deploy(provider, config);
    } catch (e) {
      caught = e;
    }
    if (!localnetBuild) {
      // A team's own ids pass the guard: the deploy goes on to its first request.
      expect(caught).to.not.be.instanceOf(LocalnetProgramIdsError);
      expect(requests).to.be.greaterThan(0);
      return;
    }
    expect(caught).to.be.instanceOf(LocalnetProgramIdsError);
    expect(requests).to.equal(0);
    const cli = await explain(caught);
    expect(cli.code).to.equal("LOCALNET_PROGRAM_IDS");
    expect(cli.exitCode).to.equal(2);
    expect(cli.hint).to.contain("set-program-ids");
  });
});
