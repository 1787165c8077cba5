// The quick starts are runnable by construction: their ```bash blocks run in order, as written, in a
// sandbox (HOME is a temp dir, so keys and the working directory land there), team → operator →
// customer, as a reader would follow them. Each guide's ```ts block must be its docs/examples/*.ts
// file verbatim, and those examples run here too.
//
// On the embedded SVM (the guides' own target) the only rewrite is the chain's state file,
// /tmp/gw.bin → <sandbox>/gw.bin, so that concurrent runs do not share a chain.
//
// On a cluster (ANCHOR_PROVIDER_URL set: npm run test:validator) the same blocks run with these
// rewrites, each only where a cluster genuinely differs (docs/validator.md lists them too); a
// rewrite whose text a guide no longer contains fails the test instead of silently not applying:
//   - `embedded:/tmp/gw.bin` → the cluster's URL, for the CLI's -u and deploy's --url. `--create`
//     stays: the CLI ignores it on a cluster. `wallet airdrop` uses the validator's faucet.
//   - network.json's epochLengthSecs, unbondingSecs and slashDisputeWindowSecs (a day, 7 days,
//     2 days) → the validator suites' seconds (tests/support/time.ts NETWORK_TIME), because the
//     operator guide's `groundwork wait` commands then wait for the cluster's real clock.
//     breakerWindowSecs stays a day: nothing waits for it.
//   - the customer guide's Pyth price: a cluster has no `dev set-price` (only the Pyth receiver
//     program owns price accounts), so PRICE_ACCOUNT and FEED name the preloaded fixture account
//     of $0.50 with no confidence interval (tests/support/fixtures.ts PRICES.exact, feed 0x07 × 32,
//     published in 2100 so fresh; what `dev set-price 0.5` writes) and the `dev set-price` line is dropped.
// The chain's state is then read through the cluster connection, and the same expectations hold.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PublicKey } from "@solana/web3.js";
import { getAccount } from "@solana/spl-token";
import { rewardsVaultPda } from "../../sdk/src/rewards/pda";
import { listSlashProposals } from "../../sdk/src/network/accounts";
import { Groundwork } from "../../sdk/src/groundwork";
import { createContext, loadKeypair } from "../../sdk/src/cli/context";
import { ensureBuilt } from "../support/build";
import { NETWORK_TIME } from "../support/time";
import { FIXTURE_FEED_ID, PRICES } from "../support/fixtures";

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

/** The cluster the suites run on (the validator suite), or undefined on the embedded SVM. */
const CLUSTER_URL = process.env.ANCHOR_PROVIDER_URL || undefined;

/** `text` with every `from` replaced by `to`; throws when `from` does not occur (a guide changed under a rewrite). */
export function rewrite(text: string, from: string, to: string, why: string): string {
  if (!text.includes(from)) throw new Error(`the rewrite for ${why} expects ${JSON.stringify(from)}, which the guide no longer contains`);
  return text.split(from).join(to);
}

/**
 * A guide's script as it runs: the embedded state file moved into the sandbox, and on a cluster
 * the rewrites listed at the top of this file.
 */
export function guideScript(name: string, blocks: string[], sandboxState: string, clusterUrl?: string): string {
  let script = ["set -euo pipefail", ...blocks].join("\n");
  if (clusterUrl) {
    script = rewrite(script, "embedded:/tmp/gw.bin", clusterUrl, "the cluster's URL");
    if (name === "team") {
      script = rewrite(script, '"epochLengthSecs": 86400,', `"epochLengthSecs": ${NETWORK_TIME.epochLengthSecs},`, "a seconds-scale epoch");
      script = rewrite(script, '"unbondingSecs": 604800,', `"unbondingSecs": ${NETWORK_TIME.unbondingSecs},`, "a seconds-scale unbonding period");
      script = rewrite(script, '"slashDisputeWindowSecs": 172800,', `"slashDisputeWindowSecs": ${NETWORK_TIME.slashDisputeWindowSecs},`, "a seconds-scale dispute window");
    }
    if (name === "customer") {
      script = rewrite(script, "PRICE_ACCOUNT=$(groundwork wallet new --force --outfile pyth-price.json | awk '$1 == \"address\" { print $2 }')", `PRICE_ACCOUNT=${PRICES.exact.toBase58()}`, "the fixture price account");
      script = rewrite(script, "FEED=$(printf 'GWK/USD' | sha256sum | cut -d' ' -f1)", `FEED=${Buffer.from(FIXTURE_FEED_ID).toString("hex")}`, "the fixture price's feed");
      script = script.split("\n").filter((line) => {
        return !/^groundwork .* dev set-price /.test(line);
      }).join("\n");
      if (script.includes("dev set-price")) throw new Error("the customer guide writes a price in a way the cluster rewrite does not drop");
    }
  }
  return script.split("/tmp/gw.bin").join(sandboxState);
}

describe("docs: quick starts", function () {
  this.timeout(300_000);

  it("the block extractor finds bash and ts blocks and nothing else", () => {
    const md = "text\n```bash\necho one\n```\n```ts\nconst x = 1;\n```\n```text\nnot run\n```\n```bash\necho two\necho three\n```\n";
    expect(fencedBlocks(md, "bash")).to.deep.equal(["echo one\n", "echo two\necho three\n"]);
    expect(fencedBlocks(md, "ts")).to.deep.equal(["const x = 1;\n"]);
  });

  it("on a cluster the guides' scripts differ only by the listed rewrites; on the embedded SVM only by the state file", () => {
    const blocks = Object.fromEntries(GUIDES.map((g) => [g, fencedBlocks(guide(g), "bash")]));
    const url = "http://127.0.0.1:8899";
    for (const g of GUIDES) {
      const embedded = guideScript(g, blocks[g], "/sandbox/gw.bin");
      expect(embedded).to.equal(["set -euo pipefail", ...blocks[g]].join("\n").split("/tmp/gw.bin").join("/sandbox/gw.bin"));
      const cluster = guideScript(g, blocks[g], "/sandbox/gw.bin", url);
      expect(cluster, g).to.not.match(/embedded:|dev warp|dev set-price/);
      // Every command still runs, on the cluster; only the customer guide's `dev set-price` is dropped.
      expect(cluster.split(`-u ${url}`).length, g).to.equal(embedded.split("-u embedded:/sandbox/gw.bin").length - (g === "customer" ? 1 : 0));
    }
    const team = guideScript("team", blocks.team, "/sandbox/gw.bin", url);
    expect(team).to.include(`"epochLengthSecs": ${NETWORK_TIME.epochLengthSecs},`).and.include(`"unbondingSecs": ${NETWORK_TIME.unbondingSecs},`)
      .and.include(`"slashDisputeWindowSecs": ${NETWORK_TIME.slashDisputeWindowSecs},`).and.include('"breakerWindowSecs": 86400');
    expect(team).to.include(`--url ${url} --keypair`);
    const customer = guideScript("customer", blocks.customer, "/sandbox/gw.bin", url);
    expect(customer).to.include(`PRICE_ACCOUNT=${PRICES.exact.toBase58()}\nFEED=${"07".repeat(32)}\n`);
    // The operator guide waits with `groundwork wait` on both chains.
    expect(guideScript("operator", blocks.operator, "/sandbox/gw.bin", url).match(/ wait (epoch|unbonded|slash) /g)).to.have.length(3);
    expect(() => rewrite("abc", "x", "y", "a test")).to.throw(/no longer contains/);
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

  // On both chains: `groundwork wait` waits for the cluster's clock where the embedded chain moves its own.
  describe("the bash blocks run as written with the CLI, on the embedded SVM or on a cluster (with the rewrites listed above)", function () {
    // Each guide is some 25 CLI processes: 1–2 minutes on an idle machine, on a cluster or not, but
    // over 5 minutes on a loaded one (two cores shared with builds).
    this.timeout(900_000);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-quickstart-"));
    const state = path.join(home, "gw.bin");
    // Reads the chain the guides left, in process: the cluster, or the CLI's own loader for embedded state files.
    const chain = () => Groundwork.connect(createContext({ url: CLUSTER_URL ?? `embedded:${state}`, keypair: path.join(home, "groundwork-quickstart", "team.json") }).provider);
    const wallet = (name: string) => loadKeypair(path.join(home, "groundwork-quickstart", `${name}.json`)).publicKey;
    const network = () => fs.readFileSync(path.join(home, "groundwork-quickstart", "network.address"), "utf8").trim();
    before(ensureBuilt);

    for (const name of GUIDES) {
      it(`quickstart-${name}.md`, async () => {
        const script = guideScript(name, fencedBlocks(guide(name), "bash"), state, CLUSTER_URL);
        const started = Date.now();
        const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, HOME: home } });
        fs.writeFileSync(path.join(home, `${name}.log`), `${r.stdout}\n--- stderr ---\n${r.stderr}\n--- ${((Date.now() - started) / 1000).toFixed(1)} s ---\n`);
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
          const proposal = await listSlashProposals(chain().ctx.network, net);
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

  // [embedded-only]: the examples make their own embedded SVM (docs/examples/setup.ts) and fund
  // wallets with airdrops they do not confirm, as the guides show them; on a cluster they would need
  // a provider from the environment and confirmations that the guides' short examples leave out.
  describe("the SDK examples run [embedded-only: they make their own embedded SVM and fund wallets with unconfirmed airdrops, as the guides show them]", () => {
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
