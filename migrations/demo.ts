// The lifecycle demo (`npm run lifecycle`): on the embedded SVM, a DePIN team creates a network,
// operators stake and register devices, customers buy and spend credits, oracles publish two
// epochs, operators claim, and a cheating operator is slashed. Prints a readable report.
import * as path from "path";
import * as fs from "fs";
import { createHash } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createMint, getMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, createAssociatedTokenAccountIdempotent, createTransferInstruction, createAccount } from "@solana/spl-token";
import { Groundwork } from "../sdk/src/groundwork";
import { createEmbeddedSvm, deployPath } from "../sdk/src/svm";
import { PROGRAMS } from "../sdk/src/ids";
import { SentTransaction } from "../sdk/src/tx";
import { fetchRewardsConfig } from "../sdk/src/rewards/accounts";
import { fetchTally } from "../sdk/src/credits/accounts";
import { RewardLeaf } from "../sdk/src/rewards/merkle";

const ROOT = path.join(__dirname, "..");
const DECIMALS = 6;
const UNIT = 10n ** BigInt(DECIMALS);
const EPOCH = 86_400;
const fmt = (n: bigint) => `${(Number(n) / Number(UNIT)).toLocaleString("en-US", { maximumFractionDigits: 6 })}`;
const sha = (s: string) => createHash("sha256").update(s).digest();

interface Step { step: string; who: string; cu: number; txs: number }
const steps: Step[] = [];
function record(step: string, who: string, sent: SentTransaction | SentTransaction[]): void {
  const list = Array.isArray(sent) ? sent : [sent];
  steps.push({ step, who, cu: list.reduce((s, t) => s + t.computeUnits, 0), txs: list.length });
}

function table(rows: Record<string, string | number>[]): string {
  const keys = Object.keys(rows[0]);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(keys), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(keys.map((k) => String(r[k]))))].join("\n");
}

async function main(): Promise<void> {
  const missing = PROGRAMS.filter((p) => !fs.existsSync(deployPath(p.name, ROOT)));
  if (missing.length) throw new Error(`missing ${missing.map((p) => p.name).join(", ")}: run npm run build:programs`);
  const env = createEmbeddedSvm(PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, ROOT) })));
  const gw = Groundwork.connect(env.provider);
  const conn = env.connection;
  const say = (s: string) => console.log(`\n▸ ${s}`);

  // --- The team -------------------------------------------------------------------------------
  const teamKey = Keypair.generate();
  await conn.requestAirdrop(teamKey.publicKey, 10e9);
  const mint = await createMint(conn, env.payer, teamKey.publicKey, null, DECIMALS);
  const teamTokens = await getOrCreateAssociatedTokenAccount(conn, env.payer, mint, teamKey.publicKey);
  // The treasury is its own account, so the report shows what flowed into it.
  const treasury = await createAccount(conn, env.payer, mint, teamKey.publicKey, Keypair.generate());
  await mintTo(conn, env.payer, mint, teamTokens.address, teamKey, 10_000_000n * UNIT);
  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
  for (const o of oracles) await conn.requestAirdrop(o.publicKey, 1e9); // oracles pay their vote accounts' rent
  const start = conn.unixTimestamp();
  say("The team creates the network: 3 oracles (2-of-3), 1,000 tokens staked per device, 7-day unbonding; credits at 100 per token; rewards minted on a halving schedule");
  const created = await gw.team(teamKey).createNetwork({
    mint,
    treasury,
    epochLengthSecs: EPOCH,
    stakePerDevice: 1_000n * UNIT,
    minOperatorStake: 500n * UNIT,
    unbondingSecs: 7 * 86_400,
    slashDisputeWindowSecs: 2 * 86_400,
    maxSlashBps: 5_000,
    slashDestination: "treasury",
    oracles: oracles.map((o) => o.publicKey),
    oracleThreshold: 2,
    credits: { mode: "fixed", creditsPerToken: 100, breakerWindowSecs: 86_400, breakerMaxCredits: 10_000_000n },
    rewards: {
      fundingMode: "mint",
      schedule: [
        { startTs: start, emissionPerEpoch: 100_000n * UNIT },
        { startTs: start + 2 * EPOCH, emissionPerEpoch: 50_000n * UNIT },
      ],
      supplyCap: 20_000_000n * UNIT,
      operatorBps: 8_000,
      netEmissionCap: 10_000n * UNIT,
    },
  });
  record("create network + credits + rewards", "team", created.transactions);
  const network = created.network;
  console.log(`  network ${network.toBase58()} (${created.transactions.length} transactions)`);

  // --- Operators ------------------------------------------------------------------------------
  const names = ["alice", "bob", "mallory"];
  const wallets = names.map(() => Keypair.generate());
  const devices: Keypair[][] = names.map(() => []);
  say("Operators register, stake, and register devices (each device signs with its own key)");
  for (const [i, w] of wallets.entries()) {
    await conn.requestAirdrop(w.publicKey, 5e9);
    const ata = await createAssociatedTokenAccountIdempotent(conn, env.payer, mint, w.publicKey);
    await gw.ctx.send([createTransferInstruction(teamTokens.address, ata, teamKey.publicKey, 5_000n * UNIT)], [teamKey]);
    const op = gw.operator(network, w);
    record("register operator", names[i], await op.register());
    record("stake 3,000", names[i], await op.stake(3_000n * UNIT));
    for (let d = 0; d < 2; d++) {
      const device = Keypair.generate();
      devices[i].push(device);
      record("register device", names[i], await op.registerDevice(device, { kind: 1, location: 0x8a2a1072b59ffffn, metadataHash: sha(`${names[i]}-hotspot-${d}`) }));
    }
  }

  // --- Customers ------------------------------------------------------------------------------
  say("Customers burn tokens for non-transferable data credits (100 per token) and spend them; one lets a provider spend for it");
  const customers = [Keypair.generate(), Keypair.generate()];
  const provider = Keypair.generate();
  await conn.requestAirdrop(provider.publicKey, 1e9);
  for (const [i, c] of customers.entries()) {
    await conn.requestAirdrop(c.publicKey, 2e9);
    const ata = await createAssociatedTokenAccountIdempotent(conn, env.payer, mint, c.publicKey);
    await gw.ctx.send([createTransferInstruction(teamTokens.address, ata, teamKey.publicKey, 2_000n * UNIT)], [teamKey]);
    const cust = gw.customer(network, c);
    record("open credits account", `customer ${i + 1}`, await cust.openCreditsAccount());
    const bought = await cust.buyCredits(500n * UNIT, { minCreditsOut: 50_000n });
    record("buy credits (burn 500)", `customer ${i + 1}`, bought);
    record("spend 12,000 credits", `customer ${i + 1}`, await cust.spend(12_000n, sha(`session-${i}`)));
  }
  record("delegate 5,000 credits", "customer 1", await gw.customer(network, customers[0]).delegate(provider.publicKey, 5_000n));
  record("provider spends 3,000 for customer 1", "provider", await gw.customer(network, provider).spendAsDelegate(customers[0].publicKey, 3_000n, sha("provider-session")));

  // --- Epoch 0 ends: oracles publish ----------------------------------------------------------
  const genesis = start;
  conn.warpTo(genesis + EPOCH + 60);
  const cumulative = new Map<string, bigint>(wallets.map((w) => [w.publicKey.toBase58(), 0n]));
  const epochPool = async (epoch: number): Promise<bigint> => {
    // What finalizing `epoch` funds for operators: scheduled emission + capped net emission
    // (the previous epoch's burn), times the operators' share.
    const cfg = await fetchRewardsConfig(gw.ctx.rewards, network);
    const epochStart = BigInt(genesis + epoch * EPOCH);
    let scheduled = 0n;
    for (let i = 0; i < cfg.scheduleLen; i++) if (BigInt(cfg.scheduleStartTs[i].toString()) <= epochStart) scheduled = BigInt(cfg.scheduleEmission[i].toString());
    const tally = epoch > 0 ? await fetchTally(gw.ctx.credits, network, epoch - 1) : null;
    const burned = tally ? BigInt(tally.tokensBurned.toString()) : 0n;
    const cap = BigInt(cfg.netEmissionCap.toString());
    return ((scheduled + (burned < cap ? burned : cap)) * BigInt(cfg.operatorBps)) / 10_000n;
  };
  const publish = async (epoch: number, work: number[]): Promise<ReturnType<ReturnType<typeof gw.oracle>["buildEpochTree"]>> => {
    // Off-chain: oracles verified each operator's useful work (here: device-hours) and split the
    // epoch's operator pool by it; leaves carry each operator's lifetime total.
    const pool = await epochPool(epoch);
    const totalWork = BigInt(work.reduce((a, b) => a + b, 0));
    wallets.forEach((w, i) => cumulative.set(w.publicKey.toBase58(), cumulative.get(w.publicKey.toBase58())! + (pool * BigInt(work[i])) / totalWork));
    const leaves: RewardLeaf[] = wallets.map((w) => ({ operator: w.publicKey, amount: cumulative.get(w.publicKey.toBase58())! }));
    const built = gw.oracle(network, oracles[0]).buildEpochTree(epoch, leaves);
    for (const o of oracles.slice(0, 2)) record(`epoch ${epoch}: submit root`, "oracle", await gw.oracle(network, o).submitRoot(built));
    return built;
  };
  say("Epoch 0 ends: two of three oracles publish the same root; the epoch's emission is minted");
  const e0 = await publish(0, [48, 46, 20]);
  const claims0 = e0.proofs.claims;
  record("claim epoch 0", "alice", await gw.operator(network, wallets[0]).claim(claims0[0]));
  record("crank claims for bob", "crank", await gw.claimBatch(network, [claims0[1]]));

  // --- Epoch 1: mallory cheats ----------------------------------------------------------------
  say("Epoch 1: more customer burns (net emissions next epoch); mallory reports fake coverage and tries to unstake");
  record("buy credits (burn 800)", "customer 2", await gw.customer(network, customers[1]).buyCredits(800n * UNIT));
  const mallory = gw.operator(network, wallets[2]);
  record("deactivate device", "mallory", await mallory.deactivateDevice(devices[2][1].publicKey));
  record("request unstake 1,000", "mallory", await mallory.requestUnstake(1_000n * UNIT));
  const evidence = sha("mallory: 412 spoofed beacons, epoch 1, location cells mismatched");
  const proposal = await gw.oracle(network, oracles[0]).proposeSlash(wallets[2].publicKey, 1_500n * UNIT, 7, evidence);
  record("propose slash 1,500 (evidence hash)", "oracle 1", proposal);
  record("approve slash", "oracle 2", await gw.oracle(network, oracles[1]).approveSlash(proposal));

  conn.warpTo(genesis + 2 * EPOCH + 60);
  say("Epoch 1 ends: oracles publish cumulative totals (bob skips claiming; one claim catches up later)");
  const e1 = await publish(1, [50, 49, 0]);
  record("claim epoch 1", "alice", await gw.operator(network, wallets[0]).claim(e1.proofs.claims[0]));
  record("claim epochs 0+1 at once", "mallory", await gw.operator(network, wallets[2]).claim(e1.proofs.claims[2]));

  conn.warpTo(genesis + 3 * EPOCH + 120);
  say("Epoch 2 ends (the halving applies) and the 2-day dispute window has passed: anyone executes the slash, active stake first, then unbonding");
  const state = await gw.ctx.network.account.network.fetch(network);
  record("execute slash", "anyone", await gw.executeSlash(network, proposal));
  const e2 = await publish(2, [60, 58, 0]);
  record("claim epochs 1+2", "bob", await gw.operator(network, wallets[1]).claim(e2.proofs.claims[1]));

  // --- Report ---------------------------------------------------------------------------------
  const supply = (await getMint(conn, mint)).supply;
  const rewards = await fetchRewardsConfig(gw.ctx.rewards, network);
  const treasuryBalance = (await getAccount(conn, state.treasury)).amount;
  const vault = (await getAccount(conn, created.stakeVault)).amount;
  console.log("\n================ Groundwork lifecycle report ================\n");
  console.log("Operators");
  const opRows = [];
  for (const [i, w] of wallets.entries()) {
    const st = await gw.operator(network, w).status();
    opRows.push({
      operator: names[i], devices: st.devices.filter((d) => d.account.active !== 0).length, "active stake": fmt(st.activeStake), unbonding: fmt(st.unbondingStake),
      claimed: fmt(st.claimed), "wallet tokens": fmt(await gw.operator(network, w).tokenBalance()), jailed: st.jailed ? "yes" : "no",
    });
  }
  console.log(table(opRows));
  console.log("\nCustomers");
  const custRows = [];
  for (const [i, c] of customers.entries()) {
    const b = await gw.customer(network, c).balances();
    custRows.push({ customer: `customer ${i + 1}`, tokens: fmt(b.tokens), credits: b.credits.toLocaleString("en-US"), "provider allowance left": i === 0 ? (await gw.customer(network, c).allowance(provider.publicKey)).toLocaleString("en-US") : "-" });
  }
  console.log(table(custRows));
  const t0 = await fetchTally(gw.ctx.credits, network, 0);
  const t1 = await fetchTally(gw.ctx.credits, network, 1);
  console.log("\nSupply");
  console.log(table([
    { item: "token supply now", amount: fmt(supply) },
    { item: "emitted by rewards (3 epochs, incl. net emissions)", amount: fmt(BigInt(rewards.totalEmitted.toString())) },
    { item: "of which net emissions (re-minted burns)", amount: fmt(BigInt(rewards.totalNetEmitted.toString())) },
    { item: "burned for credits, epoch 0", amount: fmt(BigInt(t0?.tokensBurned.toString() ?? 0)) },
    { item: "burned for credits, epoch 1", amount: fmt(BigInt(t1?.tokensBurned.toString() ?? 0)) },
    { item: "claimed by operators", amount: fmt(BigInt(rewards.totalClaimed.toString())) },
    { item: "treasury (20% of emissions + slashed stake)", amount: fmt(treasuryBalance) },
    { item: "rewards vault (funded, not yet claimed)", amount: fmt((await getAccount(conn, created.rewardsVault!)).amount) },
    { item: "stake vault", amount: fmt(vault) },
  ]));
  console.log("\nCompute units per step");
  console.log(table(steps.map((s) => ({ step: s.step, by: s.who, "compute units": s.cu, txs: s.txs }))));
  console.log(`\n${steps.length} steps, ${steps.reduce((a, s) => a + s.txs, 0)} transactions, all on the real programs in the embedded SVM.`);
}

main().catch((err) => {
  console.error(`lifecycle failed: ${err instanceof Error ? err.message : String(err)}`);
  if (err && typeof err === "object" && "logs" in err) console.error((err as { logs: string[] }).logs.join("\n"));
  process.exit(1);
});
