// The SDK as its users drive it: Groundwork.connect(provider) and the four persona clients.
import { slashDestinationOf } from "../../sdk/src/network/instructions";
import { expect } from "chai";
import { createHash } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createMint, createAccount, mintTo, getAccount, getMint, createAssociatedTokenAccountIdempotent, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { Groundwork } from "../../sdk/src/groundwork";
import { NetworkConfig } from "../../sdk/src/clients/team";
import { NetworkErrors, CreditsErrors, RewardsErrors, GroundworkCpiError } from "../../sdk/src/errors";
import { rewardsConfigPda, creditsConfigPda } from "../../sdk/src/pda";
import { RewardLeaf } from "../../sdk/src/rewards/merkle";
import { PAUSE } from "../../sdk/src/network/instructions";

// On a cluster the epoch that must end passes in real time: a few seconds there, an hour embedded.
const ON_CLUSTER = Boolean(process.env.ANCHOR_PROVIDER_URL);
const EPOCH = ON_CLUSTER ? 10 : 3_600;
const sha = (s: string) => createHash("sha256").update(s).digest();

describe("sdk: persona clients", function () {
  let env: TestEnv;
  let gw: Groundwork;
  let team: Keypair;
  let mint: PublicKey;
  let treasury: PublicKey;
  const oracles = [Keypair.generate(), Keypair.generate()];

  const config = (over: Partial<NetworkConfig> = {}): NetworkConfig => ({
    mint, treasury,
    epochLengthSecs: EPOCH, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: ON_CLUSTER ? 10 : 3_600, slashDisputeWindowSecs: ON_CLUSTER ? 5 : 600,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: oracles.map((o) => o.publicKey), oracleThreshold: 2,
    credits: { mode: "fixed", creditsPerToken: 10, breakerWindowSecs: EPOCH, breakerMaxCredits: 1_000_000 },
    rewards: { fundingMode: "mint", schedule: [{ startTs: 0, emissionPerEpoch: 100_000 }], supplyCap: 10_000_000, operatorBps: 10_000, netEmissionCap: 0 },
    ...over,
  });

  beforeEach(async () => {
    env = testEnv();
    gw = Groundwork.connect(env.provider);
    team = Keypair.generate();
    await env.airdrop(team.publicKey);
    for (const o of oracles) await env.airdrop(o.publicKey);
    mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
    treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
  });

  async function fundedWallet(tokens: number): Promise<Keypair> {
    const w = Keypair.generate();
    await env.airdrop(w.publicKey);
    const ata = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w.publicKey);
    if (tokens > 0) await mintTo(env.connection, env.payer, mint, ata, team, tokens);
    return w;
  }

  it("team: creates a network with credits and rewards in as few transactions as fit (two) and hands the mint authority over", async () => {
    const created = await gw.team(team).createNetwork(config());
    // initialize_credits also takes the tally ring it creates: with the network and the DC mint
    // that no longer fits one transaction with rewards, so the SDK packs the rest into a second.
    expect(created.transactions).to.have.length(2);
    for (const t of created.transactions) expect(t.computeUnits).to.be.greaterThan(0);
    const net = await gw.ctx.network.account.network.fetch(created.network);
    expect(net.authority.toBase58()).to.equal(team.publicKey.toBase58());
    expect(slashDestinationOf(net.slashDestination)).to.equal("burn");
    expect((await getMint(env.connection, mint)).mintAuthority!.toBase58()).to.equal(rewardsConfigPda(created.network).toBase58());
    const cfg = await gw.ctx.credits.account.creditsConfig.fetch(creditsConfigPda(created.network));
    expect(cfg.dcMint.toBase58()).to.equal(created.dcMint!.toBase58());
  });

  it("team: governance calls map program failures to typed errors", async () => {
    const { network } = await gw.team(team).createNetwork(config({ credits: undefined, rewards: undefined }));
    const stranger = gw.team(Keypair.generate());
    const err = await stranger.setPaused(network, PAUSE.staking).catch((e: Error) => e);
    expect(err).to.be.instanceOf(NetworkErrors.Unauthorized);
    await gw.team(team).setPaused(network, PAUSE.staking);
    const op = gw.operator(network, await fundedWallet(5_000));
    await op.register();
    expect(await op.stake(1_000).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.StakingPaused);
    await gw.team(team).setPaused(network, 0);
    await op.stake(1_000);
    // Two-step handover: the old authority governs until the new one accepts.
    const next = Keypair.generate();
    await env.airdrop(next.publicKey);
    await gw.team(team).proposeAuthority(network, next.publicKey);
    await gw.team(team).setOracles(network, [oracles[0].publicKey], 1);
    await gw.team(next).acceptAuthority(network);
    expect(await gw.team(team).setOracles(network, [], 0).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.Unauthorized);
  });

  it("operator: register, stake, devices, unbond and status", async () => {
    const { network } = await gw.team(team).createNetwork(config({ credits: undefined, rewards: undefined }));
    const wallet = await fundedWallet(10_000);
    const op = gw.operator(network, wallet);
    await op.register();
    await op.stake(3_000);
    const devices = [Keypair.generate(), Keypair.generate()];
    for (const d of devices) await op.registerDevice(d, { kind: 2, location: 123n, metadataHash: sha(d.publicKey.toBase58()) });
    const err = await op.requestUnstake(1_500).catch((e: Error) => e);
    expect(err).to.be.instanceOf(NetworkErrors.StakeLockedByDevices);
    await op.deactivateDevice(devices[1].publicKey);
    await op.requestUnstake(1_500);
    const status = await op.status();
    expect(status).to.deep.include({ registered: true, activeStake: 1_500n, unbondingStake: 1_500n, jailed: false });
    expect(status.devices.filter((d) => d.account.active !== 0)).to.have.length(1);
    expect(await op.tokenBalance()).to.equal(7_000n);
    // Read-only view of another wallet's operator.
    expect((await gw.operator(network, wallet.publicKey).status()).activeStake).to.equal(1_500n);
  });

  it("customer: buys credits with a slippage guard, spends, delegates and revokes", async () => {
    const wallet = await fundedWallet(1_000); // before the mint authority moves to the rewards program
    const { network } = await gw.team(team).createNetwork(config());
    const customer = gw.customer(network, wallet);
    await customer.openCreditsAccount();
    const slipped = await customer.buyCredits(100, { minCreditsOut: 1_001 }).catch((e: Error) => e);
    expect(slipped).to.be.instanceOf(CreditsErrors.SlippageExceeded);
    const bought = await customer.buyCredits(100, { minCreditsOut: 1_000 });
    expect(bought.credits).to.equal(1_000n);
    await customer.spend(250, sha("job-1"));
    expect(await customer.balances()).to.deep.equal({ tokens: 900n, credits: 750n });
    const provider = Keypair.generate();
    await env.airdrop(provider.publicKey);
    await customer.delegate(provider.publicKey, 100);
    await gw.customer(network, provider).spendAsDelegate(wallet.publicKey, 60, sha("job-2"));
    expect(await customer.allowance(provider.publicKey)).to.equal(40n);
    expect(await gw.customer(network, provider).spendAsDelegate(wallet.publicKey, 41, sha("job-3")).catch((e: Error) => e)).to.be.instanceOf(CreditsErrors.AllowanceExceeded);
    await customer.revoke(provider.publicKey);
    expect(await customer.allowance(provider.publicKey)).to.equal(0n);
    expect((await customer.balances()).credits).to.equal(690n);
  });

  it("oracle + operators: a published epoch is claimed by an operator and by a crank for many operators", async function () {
    const { network, rewardsVault } = await gw.team(team).createNetwork(config({ credits: undefined }));
    const operators = await Promise.all(Array.from({ length: 12 }, () => fundedWallet(0)));
    const leaves: RewardLeaf[] = operators.map((w, i) => ({ operator: w.publicKey, amount: BigInt(1_000 * (i + 1)) }));
    await env.waitSeconds(EPOCH + 1);
    const tree = gw.oracle(network, oracles[0]).buildEpochTree(0, leaves);
    const early = await gw.oracle(network, Keypair.generate()).submitRoot(tree).catch((e: Error) => e);
    expect(early).to.be.instanceOf(RewardsErrors.NotOracle);
    for (const o of oracles) await gw.oracle(network, o).submitRoot(tree);
    await gw.operator(network, operators[0]).claim(tree.proofs.claims[0]);
    let progress = 0;
    const sent = await gw.claimBatch(network, tree.proofs.claims.slice(1), (done) => { progress = done; });
    expect(progress).to.equal(11);
    expect(sent.length).to.be.lessThan(11); // several claims per transaction
    for (const [i, w] of operators.entries()) {
      expect((await gw.operator(network, w).status()).claimed).to.equal(BigInt(1_000 * (i + 1)));
    }
    expect((await getAccount(env.connection, rewardsVault!)).amount).to.equal(100_000n - 78_000n);
    const replay = await gw.operator(network, operators[0]).claim(tree.proofs.claims[0]).catch((e: Error) => e);
    expect(replay).to.be.instanceOf(RewardsErrors.NothingToClaim);
  });

  it("decodes events of every program from one transaction's logs", async () => {
    const created = await gw.team(team).createNetwork(config());
    const events = (await Promise.all(created.transactions.map((t) => gw.events.fromTransaction(env.provider, t.signature)))).flat();
    const names = events.map((e) => `${e.program}.${e.name}`);
    expect(names).to.include("network.NetworkInitialized");
    expect(names.some((n) => n.startsWith("credits."))).to.equal(true);
    expect(names.some((n) => n.startsWith("rewards."))).to.equal(true);
  });

  it("a failure inside a CPI surfaces what the called program said", async () => {
    const { network } = await gw.team(team).createNetwork(config({ credits: undefined, rewards: undefined }));
    const op = gw.operator(network, await fundedWallet(100));
    await op.register();
    // Stake from a token account the operator does not own: the token program refuses the CPI.
    const other = await fundedWallet(100);
    const otherAta = getAssociatedTokenAddressSync(mint, other.publicKey);
    const err = await op.stake(10, otherAta).catch((e: Error) => e);
    expect(err).to.be.instanceOf(GroundworkCpiError);
    expect((err as Error).message).to.equal("token program: Error: owner does not match");
  });
});
