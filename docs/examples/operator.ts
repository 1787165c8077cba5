// Quick start (operator), with the SDK: register, stake, register a device (its key signs), check
// status, and move stake into unbonding. On the embedded SVM, in a network made by ./setup.ts.
import { createHash } from "crypto";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { exampleNetwork } from "./setup";

export async function main(): Promise<{ activeStake: bigint; unbondingStake: bigint; devices: number }> {
  const { gw, connection, network, giveTokens } = await exampleNetwork();

  // The operator's wallet pays its own fees here; the team sends it tokens to stake.
  const wallet = Keypair.generate();
  await connection.requestAirdrop(wallet.publicKey, 2 * LAMPORTS_PER_SOL);
  await giveTokens(wallet.publicKey, 3_000_000_000n);

  const operator = gw.operator(network, wallet);
  await operator.register();
  await operator.stake(2_000_000_000n);

  // The device signs its own registration (proof of possession); stake per device backs it.
  const device = Keypair.generate();
  await operator.registerDevice(device, {
    kind: 1,
    location: 622_236_750_694_711_295n, // an H3 cell
    metadataHash: createHash("sha256").update("hotspot-1 metadata").digest(),
  });

  // Unbond what the device does not need; it stays slashable until withdrawn after unbondingSecs.
  await operator.requestUnstake(500_000_000n);
  const status = await operator.status();
  console.log(`active ${status.activeStake}, unbonding ${status.unbondingStake} until ${status.unbondingUnlockTs}, ${status.devices.length} device(s)`);
  return { activeStake: status.activeStake, unbondingStake: status.unbondingStake, devices: status.devices.length };
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
