// The SDK's simulation mode (SendOptions.simulate), which `--dry-run` uses on a cluster: a
// transaction is simulated, not sent — its compute units come back, nothing changes — and a
// failing simulation throws the same typed error a send would.
import { expect } from "chai";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import { Groundwork } from "../../sdk/src/groundwork";
import { NetworkErrors } from "../../sdk/src/errors";
import { testEnv } from "../support/env";
import { createMint, createAccount } from "@solana/spl-token";

describe("sdk: simulate instead of send (--dry-run on a cluster)", function () {
  this.timeout(120_000);

  it("a simulated transfer reports compute units and changes nothing", async () => {
    const env = testEnv();
    const to = Keypair.generate().publicKey;
    const gw = Groundwork.connect(env.provider, { simulate: true });
    const before = await env.connection.getBalance(env.payer.publicKey);
    const sim = await gw.ctx.send([SystemProgram.transfer({ fromPubkey: env.payer.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL })]);
    expect(sim.signature).to.equal("");
    expect(sim.computeUnits).to.be.greaterThan(0);
    expect(await env.connection.getBalance(to)).to.equal(0);
    expect(await env.connection.getBalance(env.payer.publicKey)).to.equal(before);
  });

  it("a failing simulation throws the program's typed error", async () => {
    const env = testEnv();
    const provider = env.provider;
    const team = Keypair.generate();
    const wallet = Keypair.generate();
    await Promise.all([env.airdrop(team.publicKey), env.airdrop(wallet.publicKey, 1)]);
    const mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
    const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
    const { network } = await Groundwork.connect(provider).team(team).createNetwork({
      mint, treasury, epochLengthSecs: 3_600, stakePerDevice: 1, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
      maxSlashBps: 5_000, slashDestination: "burn", oracles: [Keypair.generate().publicKey], oracleThreshold: 1,
    });
    const real = Groundwork.connect(provider);
    await real.operator(network, wallet).register();
    const dry = Groundwork.connect(provider, { simulate: true });
    // Unstaking with nothing staked: InsufficientStake, from the simulation.
    let caught: unknown;
    try {
      await dry.operator(network, wallet).requestUnstake(1n);
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(NetworkErrors.InsufficientStake);
  });
});
