// `groundwork wallet new`, which the quick starts use to make keys without solana-keygen.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadKeypair } from "../../sdk/src/cli/context";

const BIN = path.join(__dirname, "..", "..", "bin", "groundwork");

describe("cli: wallet new", function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-wallet-new-"));
  const file = path.join(dir, "key.json");
  const run = (...args: string[]) => spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, HOME: dir } });

  it("writes a keypair file the CLI loads, prints its address, and refuses to overwrite it without --force", () => {
    const first = run("--json", "wallet", "new", "--outfile", file);
    expect(first.status, first.stderr).to.equal(0);
    const printed = JSON.parse(first.stdout) as { address: string; outfile: string };
    expect(loadKeypair(file).publicKey.toBase58()).to.equal(printed.address);
    expect(fs.statSync(file).mode & 0o077, "not readable by others").to.equal(0);

    const again = run("wallet", "new", "--outfile", file);
    expect(again.status, "exit code 2: invalid input").to.equal(2);
    expect(again.stderr.trim()).to.equal(`error: ${file} exists (use --force to overwrite)`);
    expect(loadKeypair(file).publicKey.toBase58()).to.equal(printed.address);

    const forced = run("--json", "wallet", "new", "--force", "--outfile", file);
    expect(forced.status, forced.stderr).to.equal(0);
    expect(loadKeypair(file).publicKey.toBase58()).to.equal((JSON.parse(forced.stdout) as { address: string }).address).and.not.equal(printed.address);
  });
});
