// `groundwork`: every SDK action from a terminal or a script. Amounts are integers in base units.
import * as fs from "fs";
import { Command } from "commander";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createMint, createAssociatedTokenAccountIdempotent, mintTo, getAccount, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { Groundwork } from "../groundwork";
import { createContext, CliContext, GlobalOptions, loadKeypair } from "./context";
import { print, Progress, Row } from "./output";
import { NetworkConfig } from "../clients/team";
import { fetchNetwork, fetchSlashProposal } from "../network/accounts";
import { executeSlashIx, vetoSlashIx, PAUSE } from "../network/instructions";
import { chainUnixTime, claimableRoot, fetchRewardsConfig, paramsForEpoch, pendingRoot, reservedForOperators } from "../rewards/accounts";
import { readProofsFile, writeProofsFile, RewardLeaf, buildTree, proofsFile } from "../rewards/merkle";
import { SentTransaction } from "../tx";
import { toGroundworkError } from "../errors";
import { registerOracleCommands } from "./commands/oracle";
import { registerDeviceCommands } from "./commands/device";
import { claimFromOracleCommand, operatorRewardsRow } from "./commands/rewards";

const program = new Command();
program
  .name("groundwork")
  .description("Groundwork DePIN protocol: networks, operators, devices, credits, rewards")
  .option("-u, --url <url>", "RPC URL or moniker (localhost, devnet, mainnet-beta), or embedded:<state-file> for the embedded SVM")
  .option("-k, --keypair <path>", "signer keypair file (default: the Solana CLI config's)")
  .option("-C, --config <path>", "Solana CLI config file (default: ~/.config/solana/cli/config.yml)")
  .option("--json", "print JSON for scripts")
  .showHelpAfterError();

const key = (s: string, what = "key") => {
  try {
    return new PublicKey(s);
  } catch {
    throw new Error(`${what} is not a base58 public key: ${s}`);
  }
};
const amount = (s: string) => {
  if (!/^\d+$/.test(s)) throw new Error(`amount must be a whole number of base units: ${s}`);
  return BigInt(s);
};
const hex32 = (s: string, what: string) => {
  const b = Buffer.from(s.replace(/^0x/, ""), "hex");
  if (b.length !== 32) throw new Error(`${what} must be 32 bytes of hex`);
  return b;
};
const txRow = (t: SentTransaction): Row => ({ signature: t.signature, computeUnits: t.computeUnits });

/** Runs an action with a context, prints its result, saves embedded state, maps errors to one line. */
function action<A extends unknown[]>(fn: (ctx: CliContext, gw: Groundwork, ...args: A) => Promise<Row | Row[]>) {
  return async (...args: A) => {
    const opts = program.opts<GlobalOptions>();
    const ctx = createContext(opts);
    const gw = Groundwork.connect(ctx.provider);
    const result = await fn(ctx, gw, ...args);
    ctx.save();
    print(ctx.json, result);
  };
}

// --- wallet and token helpers (for localnets, devnet and the embedded SVM) ------------------------
const wallet = program.command("wallet").description("the signer");
wallet.command("new").requiredOption("-o, --outfile <path>", "where to write the keypair (JSON byte array, like solana-keygen)").option("--force", "overwrite an existing file")
  .description("generate a keypair file (no network access)").action((o: { outfile: string; force?: boolean }) => {
    if (fs.existsSync(o.outfile) && !o.force) throw new Error(`${o.outfile} exists (use --force to overwrite)`);
    const kp = Keypair.generate();
    fs.writeFileSync(o.outfile, JSON.stringify(Array.from(kp.secretKey)), { mode: 0o600 });
    print(Boolean(program.opts<GlobalOptions>().json), { address: kp.publicKey, outfile: o.outfile });
  });
wallet.command("address").action(action(async (ctx) => ({ address: ctx.wallet.publicKey })));
wallet.command("airdrop <sol>").description("request SOL (test clusters and the embedded SVM)").action(action(async (ctx, _gw, sol: string) => {
  const sig = await ctx.provider.connection.requestAirdrop(ctx.wallet.publicKey, Number(sol) * 1e9);
  await ctx.provider.connection.confirmTransaction(sig, "confirmed");
  return { address: ctx.wallet.publicKey, balanceLamports: await ctx.provider.connection.getBalance(ctx.wallet.publicKey) };
}));
const token = program.command("token").description("SPL token helpers");
token.command("create-mint").option("--decimals <n>", "decimals", "6").description("a mint with the signer as mint authority and no freeze authority").action(action(async (ctx, _gw, o: { decimals: string }) => {
  const mint = await createMint(ctx.provider.connection, ctx.wallet, ctx.wallet.publicKey, null, Number(o.decimals));
  return { mint };
}));
token.command("mint <mint> <owner> <amount>").description("mint to owner's associated account (signer is mint authority)").action(action(async (ctx, _gw, mint: string, owner: string, amt: string) => {
  const ata = await createAssociatedTokenAccountIdempotent(ctx.provider.connection, ctx.wallet, key(mint, "mint"), key(owner, "owner"));
  const signature = await mintTo(ctx.provider.connection, ctx.wallet, key(mint), ata, ctx.wallet, amount(amt));
  return { account: ata, signature };
}));
token.command("balance <mint> [owner]").action(action(async (ctx, _gw, mint: string, owner?: string) => {
  const ata = getAssociatedTokenAddressSync(key(mint), owner ? key(owner) : ctx.wallet.publicKey, true);
  const bal = await getAccount(ctx.provider.connection, ata).then((a) => a.amount).catch(() => 0n);
  return { account: ata, amount: bal };
}));

// --- team -----------------------------------------------------------------------------------
const net = program.command("network").description("create and govern a network (team)");
net.command("create").requiredOption("--file <file>", "JSON network config (see docs/quickstart-team.md)").action(action(async (_ctx, gw, o: { file: string }) => {
  const created = await gw.team().createNetwork(parseNetworkConfig(JSON.parse(fs.readFileSync(o.file, "utf8"))));
  return { network: created.network, stakeVault: created.stakeVault, treasury: created.treasury, dcMint: created.dcMint ?? null, rewardsVault: created.rewardsVault ?? null, transactions: created.transactions.map(txRow) };
}));
net.command("show <network>").action(action(async (_ctx, gw, network: string) => {
  const n = await fetchNetwork(gw.ctx.network, key(network, "network"));
  return {
    network, authority: n.authority, pendingAuthority: n.pendingAuthority, mint: n.mint, stakeVault: n.stakeVault, treasury: n.treasury,
    epochLengthSecs: n.epochLengthSecs, genesisTs: n.genesisTs, stakePerDevice: n.stakePerDevice, minOperatorStake: n.minOperatorStake,
    unbondingSecs: n.unbondingSecs, slashDisputeWindowSecs: n.slashDisputeWindowSecs, maxSlashBps: n.maxSlashBps,
    oracles: n.oracles.slice(0, n.oracleCount), oracleThreshold: n.oracleThreshold, paused: n.paused,
    operators: n.operatorCount, activeDevices: n.activeDeviceCount, totalActiveStake: n.totalActiveStake, totalUnbondingStake: n.totalUnbondingStake, totalSlashed: n.totalSlashed,
  };
}));
net.command("set-oracles <network>").requiredOption("--oracle <key...>", "oracle keys").requiredOption("--threshold <m>", "approvals needed").action(action(async (_ctx, gw, network: string, o: { oracle: string[]; threshold: string }) =>
  txRow(await gw.team().setOracles(key(network), o.oracle.map((k) => key(k, "oracle")), Number(o.threshold)))));
net.command("pause <network>").option("--staking").option("--registration").option("--slashing").description("pause features (all when none named)").action(action(async (_ctx, gw, network: string, o: { staking?: boolean; registration?: boolean; slashing?: boolean }) => {
  const flags = (o.staking ? PAUSE.staking : 0) | (o.registration ? PAUSE.registration : 0) | (o.slashing ? PAUSE.slashing : 0);
  return txRow(await gw.team().setPaused(key(network), flags || PAUSE.staking | PAUSE.registration | PAUSE.slashing));
}));
net.command("resume <network>").action(action(async (_ctx, gw, network: string) => txRow(await gw.team().setPaused(key(network), 0))));
net.command("propose-authority <network> <newAuthority>").action(action(async (_ctx, gw, network: string, next: string) => txRow(await gw.team().proposeAuthority(key(network), key(next)))));
net.command("accept-authority <network>").description("signed by the proposed authority").action(action(async (_ctx, gw, network: string) => txRow(await gw.team().acceptAuthority(key(network)))));
net.command("unjail <network> <operatorWallet>").action(action(async (_ctx, gw, network: string, op: string) => txRow(await gw.team().unjail(key(network), key(op)))));

// --- operators ------------------------------------------------------------------------------
const op = program.command("operator").description("register, stake, unbond, withdraw (operator)");
op.command("register <network>").action(action(async (_ctx, gw, network: string) => txRow(await gw.operator(key(network)).register())));
op.command("stake <network> <amount>").action(action(async (_ctx, gw, network: string, a: string) => txRow(await gw.operator(key(network)).stake(amount(a)))));
op.command("unstake <network> <amount>").description("move stake into unbonding").action(action(async (_ctx, gw, network: string, a: string) => txRow(await gw.operator(key(network)).requestUnstake(amount(a)))));
op.command("withdraw <network>").description("withdraw unbonded stake after the unbonding period").action(action(async (_ctx, gw, network: string) => txRow(await gw.operator(key(network)).withdraw())));
op.command("status <network>").option("--wallet <key>", "another operator's wallet").action(action(async (ctx, gw, network: string, o: { wallet?: string }) => {
  const who = o.wallet ? key(o.wallet) : ctx.wallet.publicKey;
  const s = await gw.operator(key(network), who).status();
  return { wallet: who, registered: s.registered, activeStake: s.activeStake, unbondingStake: s.unbondingStake, unbondingUnlockTs: s.unbondingUnlockTs, jailed: s.jailed, devices: s.devices.length, activeDevices: s.devices.filter((d) => d.account.active !== 0).length, claimed: s.claimed };
}));

const dev = program.command("device").description("register, deactivate and move devices (operator)");
dev.command("register <network>").requiredOption("--device-keypair <path>", "the device's keypair (it signs)").requiredOption("--kind <n>").requiredOption("--location <cell>", "location cell, e.g. an H3 index (decimal)").option("--metadata-hash <hex>", "32-byte hash", "00".repeat(32))
  .action(action(async (_ctx, gw, network: string, o: { deviceKeypair: string; kind: string; location: string; metadataHash: string }) => {
    const device = loadKeypair(o.deviceKeypair);
    return { device: device.publicKey, ...txRow(await gw.operator(key(network)).registerDevice(device, { kind: Number(o.kind), location: amount(o.location), metadataHash: hex32(o.metadataHash, "metadata hash") })) };
  }));
dev.command("deactivate <network> <deviceKey>").action(action(async (_ctx, gw, network: string, d: string) => txRow(await gw.operator(key(network)).deactivateDevice(key(d)))));
dev.command("transfer <network> <deviceKey>").requiredOption("--to-keypair <path>", "the receiving operator's wallet (it signs)").action(action(async (_ctx, gw, network: string, d: string, o: { toKeypair: string }) =>
  txRow(await gw.operator(key(network)).transferDevice(key(d), loadKeypair(o.toKeypair)))));

// --- customers ------------------------------------------------------------------------------
const credits = program.command("credits").description("buy, spend and delegate data credits (customer)");
credits.command("open <network>").description("create the signer's credits account").action(action(async (_ctx, gw, network: string) => txRow(await gw.customer(key(network)).openCreditsAccount())));
credits.command("buy <network> <tokenAmount>").option("--min-out <credits>", "slippage guard", "0").option("--recipient <wallet>", "buy for someone else")
  .action(action(async (_ctx, gw, network: string, a: string, o: { minOut: string; recipient?: string }) => {
    const r = await gw.customer(key(network)).buyCredits(amount(a), { minCreditsOut: amount(o.minOut), recipient: o.recipient ? key(o.recipient) : undefined });
    return { credits: r.credits, ...txRow(r) };
  }));
credits.command("spend <network> <amount>").option("--usage-ref <hex>", "32-byte usage reference", "00".repeat(32)).option("--holder <wallet>", "spend a holder's credits as its delegate")
  .action(action(async (_ctx, gw, network: string, a: string, o: { usageRef: string; holder?: string }) => {
    const c = gw.customer(key(network));
    const ref = hex32(o.usageRef, "usage ref");
    return txRow(o.holder ? await c.spendAsDelegate(key(o.holder), amount(a), ref) : await c.spend(amount(a), ref));
  }));
credits.command("delegate <network> <provider> <allowance>").action(action(async (_ctx, gw, network: string, p: string, a: string) => txRow(await gw.customer(key(network)).delegate(key(p), amount(a)))));
credits.command("revoke <network> <provider>").action(action(async (_ctx, gw, network: string, p: string) => txRow(await gw.customer(key(network)).revoke(key(p)))));
credits.command("balance <network>").option("--wallet <key>", "another holder").action(action(async (ctx, gw, network: string, o: { wallet?: string }) => {
  const who = o.wallet ? key(o.wallet) : ctx.wallet.publicKey;
  const b = await gw.customer(key(network), who).balances();
  return { wallet: who, tokens: b.tokens, credits: b.credits };
}));

// --- oracles and rewards --------------------------------------------------------------------
const oracle = program.command("oracle").description("epoch trees and roots (oracle)");
oracle.command("build-tree <network>").requiredOption("--epoch <n>").requiredOption("--input <file>", "JSON: [{\"operator\": wallet, \"amount\": cumulative base units}]").requiredOption("--out <file>", "proofs file to write")
  .action(action(async (_ctx, _gw, network: string, o: { epoch: string; input: string; out: string }) => {
    const rows = JSON.parse(fs.readFileSync(o.input, "utf8")) as { operator: string; amount: string | number }[];
    const progress = new Progress("reading leaves", rows.length);
    const leaves: RewardLeaf[] = rows.map((r) => {
      progress.tick();
      return { operator: key(r.operator, "operator"), amount: BigInt(r.amount) };
    });
    const tree = buildTree(key(network), leaves);
    const file = proofsFile(key(network), Number(o.epoch), leaves, tree);
    writeProofsFile(o.out, file);
    return { epoch: file.epoch, root: file.root, total: file.total, leafCount: file.leafCount, depth: tree.depth, out: o.out };
  }));
oracle.command("submit-root <network>").requiredOption("--proofs <file>").action(action(async (_ctx, gw, network: string, o: { proofs: string }) => {
  const file = readProofsFile(o.proofs);
  const o2 = gw.oracle(key(network));
  const leaves = file.claims.map((c) => ({ operator: new PublicKey(c.operator), amount: BigInt(c.amount) }));
  const built = o2.buildEpochTree(file.epoch, leaves);
  if (built.proofs.root !== file.root) throw new Error("the proofs file's root does not match its leaves");
  return { epoch: file.epoch, root: file.root, ...txRow(await o2.submitRoot(built)) };
}));
const rewards = program.command("rewards").description("claim rewards (operator or crank)");
rewards.command("fund-vault <network> <amount>").description("vault mode: move tokens from the signer's associated account into the rewards vault (team)")
  .action(action(async (ctx, gw, network: string, a: string) => {
    const n = await fetchNetwork(gw.ctx.network, key(network, "network"));
    return txRow(await gw.team().fundRewardsVault(key(network), getAssociatedTokenAddressSync(n.mint, ctx.wallet.publicKey, true), amount(a)));
  }));
rewards.command("status <network>").description("active and pending roots, the parameters of the coming epochs, funding and claims; with --oracle, an operator's earned, claimed and claimable rewards")
  .option("--oracle <url>", "an oracle node's proofs API: add the operator's cumulative, claimed and claimable amounts")
  .option("--wallet <key>", "with --oracle: another operator's wallet (default: the signer)")
  .action(action(async (ctx, gw, network: string, o: { oracle?: string; wallet?: string }) => {
    if (o.oracle) return operatorRewardsRow(gw, key(network, "network"), o.oracle, o.wallet ? key(o.wallet, "wallet") : ctx.wallet.publicKey);
    const c = await fetchRewardsConfig(gw.ctx.rewards, key(network, "network"));
    const now = await chainUnixTime(gw.ctx.provider.connection);
    const claimable = claimableRoot(c, now);
    const pending = pendingRoot(c, now);
    const prior = paramsForEpoch(c, BigInt(c.paramsEpoch.toString()) - 1n);
    return {
      network, fundingMode: c.fundingMode === 0 ? "mint" : "vault", paused: c.paused !== 0, nextEpochToFinalize: c.nextEpoch,
      claimableRoot: claimable ? claimable.root.toString("hex") : null, claimableRootEpoch: claimable?.epoch ?? null, claimableRootTotal: claimable?.total ?? null,
      pendingRoot: pending ? pending.root.toString("hex") : null, pendingRootEpoch: pending?.epoch ?? null, pendingActivatesAt: pending?.activatesAt ?? null,
      rootActivationDelaySecs: c.rootActivationDelaySecs,
      supplyCap: c.supplyCap, operatorBps: c.operatorBps, netEmissionCap: c.netEmissionCap, paramsFromEpoch: c.paramsEpoch,
      priorSupplyCap: prior.supplyCap, priorOperatorBps: prior.operatorBps, priorNetEmissionCap: prior.netEmissionCap,
      capCounted: BigInt(c.initialSupply.toString()) + BigInt(c.totalEmitted.toString()),
      totalEmitted: c.totalEmitted, totalFunded: c.totalFunded, totalClaimed: c.totalClaimed, reservedForOperators: reservedForOperators(c),
    };
  }));
rewards.command("set-root-delay <network> <secs>").description("team: finalized roots wait this long, vetoable, before claims use them (0: at once; at most one epoch)")
  .action(action(async (_ctx, gw, network: string, secs: string) => txRow(await gw.team().setRootActivationDelay(key(network), amount(secs)))));
rewards.command("veto-root <network>").description("team: discard the root still waiting out its activation delay (claims keep the active root)")
  .action(action(async (_ctx, gw, network: string) => txRow(await gw.team().vetoPendingRoot(key(network)))));
rewards.command("claim <network>").option("--proofs <file>", "an epoch proofs file (offline)").option("--oracle <url>", "fetch the proof from an oracle node's proofs API")
  .action(async (network: string, o: { proofs?: string; oracle?: string }) => {
    if (o.oracle) return claimFromOracleCommand(program, network, o.oracle);
    if (!o.proofs) throw new Error("give --proofs <file> or --oracle <url>");
    return claimFromProofsFile(network, { proofs: o.proofs });
  });
const claimFromProofsFile = action(async (ctx, gw, network: string, o: { proofs: string }) => {
  const file = readProofsFile(o.proofs);
  const entry = file.claims.find((c) => c.operator === ctx.wallet.publicKey.toBase58());
  if (!entry) throw new Error(`no leaf for ${ctx.wallet.publicKey.toBase58()} in ${o.proofs}`);
  return { amount: entry.amount, ...txRow(await gw.operator(key(network)).claim(entry)) };
});
rewards.command("claim-all <network>").requiredOption("--proofs <file>").description("claim for every operator in a proofs file (payouts go to each operator)")
  .action(action(async (_ctx, gw, network: string, o: { proofs: string }) => {
    const file = readProofsFile(o.proofs);
    const progress = new Progress("claiming", file.claims.length);
    let last = 0;
    const sent = await gw.claimBatch(key(network), file.claims, (done) => { progress.tick(done - last); last = done; });
    return { claims: file.claims.length, transactions: sent.length, computeUnits: sent.reduce((s, t) => s + t.computeUnits, 0) };
  }));

const slash = program.command("slash").description("propose, approve, veto, dispute and execute slashes");
slash.command("propose <network> <operatorWallet> <amount>").requiredOption("--reason <code>").requiredOption("--evidence <hex>", "32-byte evidence hash")
  .action(action(async (_ctx, gw, network: string, w: string, a: string, o: { reason: string; evidence: string }) => {
    const r = await gw.oracle(key(network)).proposeSlash(key(w), amount(a), Number(o.reason), hex32(o.evidence, "evidence"));
    return { id: r.id, ...txRow(r) };
  }));
slash.command("approve <network> <id>").action(action(async (_ctx, gw, network: string, id: string) => txRow(await gw.oracle(key(network)).approveSlash(amount(id)))));
slash.command("veto <network> <id>").action(action(async (_ctx, gw, network: string, id: string) => {
  const p = await fetchSlashProposal(gw.ctx.network, key(network), new BN(id));
  if (!p) throw new Error(`no slash proposal ${id}`);
  return txRow(await gw.ctx.send([await vetoSlashIx(gw.ctx.network, { authority: gw.ctx.payer, network: key(network), operator: p.operator, id: new BN(id) })]));
}));
slash.command("execute <network> <id>").description("anyone, after the dispute window").action(action(async (_ctx, gw, network: string, id: string) => {
  const p = await fetchSlashProposal(gw.ctx.network, key(network), new BN(id));
  if (!p) throw new Error(`no slash proposal ${id}`);
  const n = await fetchNetwork(gw.ctx.network, key(network));
  return txRow(await gw.ctx.send([await executeSlashIx(gw.ctx.network, { network: key(network), operator: p.operator, id: new BN(id), mint: n.mint, treasury: n.treasury })]));
}));

registerOracleCommands(program);
registerDeviceCommands(program);

function parseNetworkConfig(raw: Record<string, unknown>): NetworkConfig {
  const pk = (v: unknown, f: string) => key(String(v), f);
  const cfg = raw as unknown as NetworkConfig & { mint: string; treasury?: string; oracles: string[] };
  return {
    ...cfg,
    mint: pk(cfg.mint, "mint"),
    treasury: cfg.treasury ? pk(cfg.treasury, "treasury") : undefined,
    oracles: cfg.oracles.map((o) => pk(o, "oracle")),
    credits: cfg.credits ? { ...cfg.credits, priceUpdate: cfg.credits.priceUpdate ? pk(cfg.credits.priceUpdate, "priceUpdate") : undefined } : undefined,
  };
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = toGroundworkError(err);
  process.stderr.write(`error: ${e.message.split("\n")[0]}\n`);
  process.exit(1);
});
