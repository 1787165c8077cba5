// `groundwork maker` and the device commands of the onboarding economy, as a script runs them: a
// child process per command on an embedded state file, --output json parsed, error codes checked.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Keypair } from "@solana/web3.js";
import { ensureBuilt } from "../support/build";

const BIN = path.join(__dirname, "..", "..", "bin", "groundwork");

interface JsonError {
  error: { code: string; message: string; hint?: string; exitCode: number; programError?: string };
}

describe("cli: makers, device fees, relocation and reactivation", function () {
  this.timeout(300_000);
  if (process.env.ANCHOR_PROVIDER_URL) return; // drives its own embedded state file
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-cli-makers-"));
  const state = path.join(dir, "state.bin");
  const keyFile = (name: string) => {
    const kp = Keypair.generate();
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    return { file, address: kp.publicKey.toBase58() };
  };
  const [team, maker, operator, device, oracle] = ["team", "maker", "operator", "device", "oracle"].map(keyFile);
  const env = { ...process.env, HOME: dir, GROUNDWORK_LOCK_TIMEOUT_MS: "120000" };
  const run = (keypair: string, ...args: string[]) => {
    const r = spawnSync(BIN, ["--url", `embedded:${state}`, "--keypair", keypair, "--output", "json", ...args], { encoding: "utf8", env });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  function json<T = Record<string, unknown>>(keypair: string, ...args: string[]): T {
    const r = run(keypair, ...args);
    if (r.status !== 0) throw new Error(`groundwork ${args.join(" ")} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
  function fails(keypair: string, ...args: string[]): JsonError["error"] & { status: number } {
    const r = run(keypair, ...args);
    expect(r.status, `expected groundwork ${args.join(" ")} to fail: ${r.stdout}`).to.not.equal(0);
    return { ...(JSON.parse(r.stderr.trim()) as JsonError).error, status: r.status };
  }

  before(ensureBuilt);

  it("the team requires makers, approves one and prices a kind; the maker co-signs and pre-pays; the operator relocates and reactivates", () => {
    json(team.file, "--create", "wallet", "airdrop", "10");
    for (const k of [maker, operator]) json(team.file, "wallet", "airdrop", "10", "--to", k.address);
    const mint = json<{ mint: string }>(team.file, "token", "create-mint", "--decimals", "0").mint;
    for (const k of [maker, operator]) json(team.file, "token", "mint", mint, k.address, "10000");
    const config = path.join(dir, "network.json");
    fs.writeFileSync(config, JSON.stringify({
      mint, epochLengthSecs: 3600, stakePerDevice: "1000", minOperatorStake: 0, unbondingSecs: 3600, slashDisputeWindowSecs: 600,
      maxSlashBps: 5000, slashDestination: "burn", oracles: [oracle.address], oracleThreshold: 1,
      credits: { mode: "fixed", creditsPerToken: 10, breakerWindowSecs: 3600, breakerMaxCredits: 1000000 },
    }));
    const network = json<{ network: string }>(team.file, "network", "create", "--file", config).network;

    json(maker.file, "maker", "stake", network, "5000");
    const approved = json<{ kinds: number[]; stakeRequired: string }>(team.file, "maker", "approve", network, maker.address, "--name", "Acme Hotspots", "--kinds", "1,2", "--stake-required", "3000");
    expect(approved).to.include({ stakeRequired: "3000" });
    expect(approved.kinds).to.deep.equal([1, 2]);
    expect(fails(team.file, "maker", "approve", network, maker.address, "--name", "x", "--kinds", "1,1", "--stake-required", "1")).to.include({ code: "INVALID_ARGUMENT", status: 2 });
    expect(fails(operator.file, "maker", "require", network, "on")).to.include({ code: "PROGRAM_ERROR", programError: "Unauthorized", status: 3 });
    json(team.file, "maker", "require", network, "on");
    json(team.file, "maker", "set-fees", network, "1", "--onboarding", "40", "--location", "5");
    expect(json<{ kind: number; onboardingFee: string }[]>(team.file, "maker", "fees", network)).to.deep.equal([{ kind: 1, onboardingFee: "40", locationFee: "5" }]);

    json(operator.file, "operator", "register", network);
    json(operator.file, "operator", "stake", network, "2000");
    for (const k of [maker, operator]) {
      json(k.file, "credits", "open", network);
      json(k.file, "credits", "buy", network, "100");
    }
    const reg = ["device", "register", network, "--device-keypair", device.file, "--kind", "1", "--location", "8a2a1072b59ffff"];
    expect(fails(operator.file, ...reg)).to.include({ code: "PROGRAM_ERROR", programError: "MakerRequired", status: 3 });
    expect(fails(operator.file, ...reg, "--fee-paid-by", "maker")).to.include({ code: "INVALID_ARGUMENT", status: 2 });
    const registered = json<{ maker: string; computeUnits: number }>(operator.file, ...reg, "--maker-keypair", maker.file, "--fee-paid-by", "maker");
    expect(registered.maker).to.equal(maker.address);
    const credits = (k: { file: string }) => json<{ credits: string }>(k.file, "credits", "balance", network).credits;
    expect([credits(maker), credits(operator)]).to.deep.equal(["960", "1000"]);

    json(operator.file, "device", "relocate", network, device.address, "--location", "85283473fffffff");
    expect(credits(operator)).to.equal("995");
    json(operator.file, "device", "deactivate", network, device.address);
    json(operator.file, "device", "reactivate", network, "--device-keypair", device.file);
    expect(credits(operator)).to.equal("955");
    const [listed] = json<{ active: boolean; locationAsserts: number; maker: string | null; location: string }[]>(operator.file, "device", "list", network);
    expect(listed).to.include({ active: true, locationAsserts: 1, location: "0x85283473fffffff" });
    expect(listed.maker).to.not.equal(null);

    const shown = json<{ approved: boolean; devicesOnboarded: string; kinds: number[] }>(team.file, "maker", "show", network, "--maker", maker.address);
    expect(shown).to.include({ approved: true, devicesOnboarded: "1" });
    // A device the maker attested offline at the factory; the operator onboards it alone, paying the fee.
    const attestedDevice = keyFile("attested-device");
    const attestationFile = path.join(dir, "attestation.hex");
    const attested = json<{ attestation: string; makerKey: string; kind: number; file: string }>(maker.file, "maker", "attest", network, attestedDevice.address, "--kind", "1", "--out", attestationFile);
    expect(attested).to.include({ makerKey: maker.address, kind: 1, file: attestationFile });
    expect(fs.readFileSync(attestationFile, "utf8").trim()).to.equal(attested.attestation);
    expect(fails(maker.file, "maker", "attest", network, attestedDevice.address, "--kind", "1", "--out", attestationFile)).to.include({ code: "INVALID_ARGUMENT", status: 2 });
    const regAttested = ["device", "register", network, "--device-keypair", attestedDevice.file, "--location", "8a2a1072b59ffff"];
    expect(fails(operator.file, ...regAttested, "--kind", "2", "--maker-attestation", attestationFile)).to.include({ code: "INVALID_ATTESTATION", status: 2 });
    expect(fails(operator.file, ...regAttested, "--kind", "1", "--maker-attestation", "00ff")).to.include({ code: "INVALID_ATTESTATION", status: 2 });
    expect(fails(operator.file, ...regAttested, "--kind", "1", "--maker-attestation", attestationFile, "--maker-keypair", maker.file)).to.include({ code: "INVALID_ARGUMENT", status: 2 });
    expect(fails(operator.file, ...regAttested, "--kind", "1", "--maker-attestation", attestationFile, "--fee-paid-by", "maker")).to.include({ code: "INVALID_ARGUMENT", status: 2 });
    const onboarded = json<{ maker: string; attested: boolean }>(operator.file, ...regAttested, "--kind", "1", "--maker-attestation", attestationFile);
    expect(onboarded).to.include({ maker: maker.address, attested: true });
    expect(credits(operator)).to.equal("915");
    expect(json<{ devicesOnboarded: string }>(team.file, "maker", "show", network, "--maker", maker.address).devicesOnboarded).to.equal("2");

    json(team.file, "maker", "revoke", network, maker.address);
    expect(json<{ approved: boolean }[]>(team.file, "maker", "list", network).map((m) => m.approved)).to.deep.equal([false]);
    // A revoked maker's attestations stop working (the hex given inline this time; stake for the device is there).
    json(operator.file, "operator", "stake", network, "1000");
    const late = keyFile("late-device");
    const lateHex = json<{ attestation: string }>(maker.file, "maker", "attest", network, late.address, "--kind", "1").attestation;
    expect(fails(operator.file, "device", "register", network, "--device-keypair", late.file, "--kind", "1", "--location", "8a2a1072b59ffff", "--maker-attestation", lateHex))
      .to.include({ code: "PROGRAM_ERROR", programError: "MakerRevoked", status: 3 });
    expect(fails(team.file, "maker", "show", network)).to.include({ code: "NOT_FOUND" });
  });
});
