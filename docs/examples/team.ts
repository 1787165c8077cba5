// Quick start (team), with the SDK: create a token and a network with credits and rewards, change a
// parameter, fund the rewards vault, pause and resume registrations. On the embedded SVM.
import { Keypair } from "@solana/web3.js";
import { createMint, getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { Groundwork, createEmbeddedSvm, network as net } from "../../sdk/src";
import { builtPrograms } from "./setup";

export async function main(): Promise<{ stakePerDevice: string; dcMint: string }> {
  // On a cluster: new AnchorProvider(new Connection(url), new Wallet(teamKeypair), {}) instead.
  const { provider, connection, payer: team } = createEmbeddedSvm(builtPrograms());
  const gw = Groundwork.connect(provider);

  // The token, with the team as mint authority, and its initial supply in the team's account.
  const mint = await createMint(connection, team, team.publicKey, null, 6);
  const teamTokens = await getOrCreateAssociatedTokenAccount(connection, team, mint, team.publicKey);
  await mintTo(connection, team, mint, teamTokens.address, team, 10_000_000_000_000n);

  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey);
  const created = await gw.team().createNetwork({
    mint,
    epochLengthSecs: 86_400,
    stakePerDevice: 1_000_000_000n,
    minOperatorStake: 500_000_000n,
    unbondingSecs: 604_800,
    slashDisputeWindowSecs: 172_800,
    maxSlashBps: 5_000,
    slashDestination: "treasury",
    oracles,
    oracleThreshold: 2,
    credits: { mode: "fixed", creditsPerToken: 100, breakerWindowSecs: 86_400, breakerMaxCredits: 10_000_000n },
    rewards: {
      fundingMode: "vault",
      schedule: [{ startTs: 1_767_225_600, emissionPerEpoch: 100_000_000_000n }],
      supplyCap: 20_000_000_000_000n,
      operatorBps: 8_000,
      netEmissionCap: 10_000_000_000n,
    },
  });
  const network = created.network;
  console.log(`network ${network.toBase58()} created in ${created.transactions.length} transactions`);

  // Change one parameter: update_params sets all six, so pass the others unchanged.
  await gw.team().updateParams(network, {
    stakePerDevice: 1_500_000_000n,
    minOperatorStake: 500_000_000n,
    unbondingSecs: 604_800,
    slashDisputeWindowSecs: 172_800,
    maxSlashBps: 5_000,
    slashDestination: net.SLASH_DESTINATION.treasury,
  });
  const state = await gw.ctx.network.account.network.fetch(network);
  console.log(`stake per device: ${state.stakePerDevice.toString()}`);

  // Vault mode: fund two epochs of operator rewards. Then pause registrations, and resume.
  await gw.team().fundRewardsVault(network, teamTokens.address, 200_000_000_000n);
  await gw.team().setPaused(network, net.PAUSE.registration);
  await gw.team().setPaused(network, 0);
  return { stakePerDevice: state.stakePerDevice.toString(), dcMint: created.dcMint!.toBase58() };
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
