// The SDK's simulation mode (SendOptions.simulate), which `--dry-run` uses on a cluster: a
// transaction is simulated, not sent — its compute units come back, nothing changes — and a
// failing simulation throws the same typed error a send would.
import { expect } from "chai";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import { Groundwork } from "../../sdk/src/groundwork";
import { NetworkErrors } from "../../sdk/src/errors";
import { testEnv } from "../support/env";
import { exampleNetwork } from "../../docs/examples/setup";

describe("sdk: simulate instead of send (--dry-run on a cluster)", function () {
  this.timeout(120_000);
  if (process.env.ANCHOR_PROVIDER_URL) return; // the examples' network is made on the embedded SVM

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
    const { provider, connection, network } = await exampleNetwork();
    const wallet = Keypair.generate();
    await connection.requestAirdrop(wallet.publicKey, LAMPORTS_PER_SOL);
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
