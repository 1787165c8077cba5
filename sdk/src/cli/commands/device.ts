// `groundwork device`: register, deactivate and move devices (an operator).
import type { Command } from "commander";
import { action, group } from "../action";
import { amount, hex32, key, txRow } from "../args";

export function register(program: Command): void {
  const dev = group(program, "device", "register, deactivate and move devices (operator)");
  dev.command("register <network>").requiredOption("--device-keypair <path>", "the device's keypair (it signs)").requiredOption("--kind <n>").requiredOption("--location <cell>", "location cell, e.g. an H3 index (decimal)").option("--metadata-hash <hex>", "32-byte hash", "00".repeat(32))
    .action(action(async ({ gw }, network: string, o: { deviceKeypair: string; kind: string; location: string; metadataHash: string }) => {
      const { loadKeypair } = await import("../context");
      const device = loadKeypair(o.deviceKeypair);
      return { device: device.publicKey, ...txRow(await gw.operator(key(network)).registerDevice(device, { kind: Number(o.kind), location: amount(o.location), metadataHash: hex32(o.metadataHash, "metadata hash") })) };
    }));
  dev.command("deactivate <network> <deviceKey>").action(action(async ({ gw }, network: string, d: string) => txRow(await gw.operator(key(network)).deactivateDevice(key(d)))));
  dev.command("transfer <network> <deviceKey>").requiredOption("--to-keypair <path>", "the receiving operator's wallet (it signs)").action(action(async ({ gw }, network: string, d: string, o: { toKeypair: string }) => {
    const { loadKeypair } = await import("../context");
    return txRow(await gw.operator(key(network)).transferDevice(key(d), loadKeypair(o.toKeypair)));
  }));
}
