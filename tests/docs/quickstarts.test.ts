// The quick starts are runnable by construction: their ```bash blocks run in order, as written, in a
// sandbox (HOME is a temp dir, so keys and the working directory land there), team → operator →
// customer, as a reader would follow them. The only rewrite is the embedded chain's state file,
// /tmp/gw.bin → <sandbox>/gw.bin, so that concurrent runs do not share a chain. Each guide's ```ts
// block must be its docs/examples/*.ts file verbatim, and those examples run here too.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PublicKey } from "@solana/web3.js";
import { getAccount } from "@solana/spl-token";
import { rewardsVaultPda } from "../../sdk/src/rewards/pda";
import { Groundwork } from "../../sdk/src/groundwork";
import { createContext, loadKeypair } from "../../sdk/src/cli/context";
import { ensureBuilt } from "../support/build";

const ROOT = path.join(__dirname, "..", "..");
const GUIDES = ["team", "operator", "customer"] as const;

/** The contents of the fenced blocks of `lang` in a markdown file, in order. */
export function fencedBlocks(markdown: string, lang: string): string[] {
  const out: string[] = [];
  const re = /^```(\S*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) if (m[1] === lang) out.push(m[2]);
  return out;
}

const guide = (name: string) => fs.readFileSync(path.join(ROOT, "docs", `quickstart-${name}.md`), "utf8");

describe("docs: quick starts", function () {
  this.timeout(300_000);

  it("the block extractor finds bash and ts blocks and nothing else", () => {
    const md = "text\n```bash\necho one\n```\n```ts\nconst x = 1;\n```\n```text\nnot run\n```\n```bash\necho two\necho three\n```\n";
    expect(fencedBlocks(md, "bash")).to.deep.equal(["echo one\n", "echo two\necho three\n"]);
    expect(fencedBlocks(md, "ts")).to.deep.equal(["const x = 1;\n"]);
  });

  for (const name of GUIDES) {
    it(`quickstart-${name}.md shows docs/examples/${name}.ts verbatim and links it`, () => {
      const md = guide(name);
      const ts = fencedBlocks(md, "ts");
      expect(ts, "one ts block").to.have.length(1);
      expect(ts[0]).to.equal(fs.readFileSync(path.join(ROOT, "docs", "examples", `${name}.ts`), "utf8"));
      expect(md).to.include(`(examples/${name}.ts)`);
      expect(fencedBlocks(md, "bash").length).to.be.greaterThan(0);
    });
  }

  // [embedded-only]: the guides are written for the embedded chain: `dev warp` moves its clock by
  // days (an epoch, the unbonding period, the dispute window) and `dev set-price` writes a Pyth
  // price account, neither of which a cluster allows.
  describe("the bash blocks run as written with the CLI on the embedded SVM [embedded-only: dev warp moves the clock by days, dev set-price writes a Pyth account]", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-quickstart-"));
    const state = path.join(home, "gw.bin");
    // Reads the chain the guides left, in process (the CLI's own loader for embedded state files).
    const chain = () => Groundwork.connect(createContext({ url: `embedded:${state}`, keypair: path.join(home, "groundwork-quickstart", "team.json") }).provider);
    const wallet = (name: string) => loadKeypair(path.join(home, "groundwork-quickstart", `${name}.json`)).publicKey;
    const network = () => fs.readFileSync(path.join(home, "groundwork-quickstart", "network.address"), "utf8").trim();
    before(ensureBuilt);

    for (const name of GUIDES) {
      it(`quickstart-${name}.md`, async () => {
        const script = ["set -euo pipefail", ...fencedBlocks(guide(name), "bash")].join("\n").split("/tmp/gw.bin").join(state);
        const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, HOME: home } });
        fs.writeFileSync(path.join(home, `${name}.log`), `${r.stdout}\n--- stderr ---\n${r.stderr}`);
        expect(r.status, `quickstart-${name} failed (log: ${path.join(home, `${name}.log`)}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).to.equal(0);
        // What each guide leaves on the chain.
        const net = new PublicKey(network());
        if (name === "team") {
          expect(r.stdout).to.match(/update_params\n\s+stakePerDevice: 1000000000 → 1500000000/);
          expect(r.stdout).to.match(/up to date: nothing sent/);
          const n = await chain().ctx.network.account.network.fetch(net);
          expect(n.stakePerDevice.toString()).to.equal("1500000000");
          expect(n.authority.equals(wallet("team"))).to.equal(true);
          // `rewards fund-vault` moved 200,000 tokens into the rewards vault.
          const vault = await getAccount(chain().provider.connection, rewardsVaultPda(net));
          expect(vault.amount).to.equal(200_000_000_000n);
        }
        if (name === "operator") {
          // Staked 2,000, unstaked 500 and withdrew it, claimed 80 of epoch 0, slashed 100, staked 100 back (the device needs 1,500), unjailed.
          const s = await chain().operator(net, wallet("operator")).status();
          expect({ registered: s.registered, active: s.activeStake, unbonding: s.unbondingStake, devices: s.devices.length, claimed: s.claimed, jailed: s.jailed })
            .to.deep.equal({ registered: true, active: 1_500_000_000n, unbonding: 0n, devices: 1, claimed: 80_000_000n, jailed: false });
          const proposal = await chain().ctx.network.account.slashProposal.all();
          expect(proposal.map((p) => ({ status: p.account.status, executed: p.account.executedAmount.toString() }))).to.deep.equal([{ status: 2, executed: "100000000" }]);
          expect(r.stdout).to.match(/^finalized\s+true$/m);
        }
        if (name === "customer") {
          // 650 credits at the fixed price, then 500,000 for 10 tokens at $0.50 once priced in USD.
          expect(await chain().customer(net, wallet("customer")).balances()).to.deep.equal({ tokens: 980_000_000n, credits: 500_650n });
          const config = await chain().ctx.credits.account.creditsConfig.all();
          expect(config.find((c) => c.account.network.equals(net))?.account.priceMode).to.equal(1);
        }
      });
    }
  });

  // [embedded-only]: the examples make their own embedded SVM (docs/examples/setup.ts), as the guides show them.
  describe("the SDK examples run [embedded-only: they make their own embedded SVM]", () => {
    const quiet = async <T>(fn: () => Promise<T>): Promise<T> => {
      const log = console.log;
      console.log = () => undefined;
      try {
        return await fn();
      } finally {
        console.log = log;
      }
    };
    it("docs/examples/team.ts", async () => {
      const { main } = await import("../../docs/examples/team");
      const r = await quiet(main);
      expect(r.stakePerDevice).to.equal("1500000000");
    });
    it("docs/examples/operator.ts", async () => {
      const { main } = await import("../../docs/examples/operator");
      expect(await quiet(main)).to.deep.equal({ activeStake: 1_500_000_000n, unbondingStake: 500_000_000n, devices: 1 });
    });
    it("docs/examples/customer.ts", async () => {
      const { main } = await import("../../docs/examples/customer");
      expect(await quiet(main)).to.deep.equal({ credits: 650n, tokens: 990_000_000n, allowanceLeft: 400n });
    });
  });
});
