// `groundwork device`: register, deactivate, move and list devices (an operator). Reactivating a
// deactivated device is not offered: the network program has no instruction for it (a device key
// registers once per network).
import type { Command } from "commander";
import { action, group } from "../action";
import { h3Cell, hex32, key, smallNumber } from "../args";

export function register(program: Command): void {
  const dev = group(program, "device", "register, deactivate, move and list devices (operator)");
  dev.command("register <network>").requiredOption("--device-keypair <path>", "the device's keypair (it signs)").requiredOption("--kind <n>", "device kind (0–65535), defined by the network")
    .requiredOption("--location <cell>", "H3 cell index, hex (8a2a1072b59ffff) or decimal (622236750694711295)").option("--metadata-hash <hex>", "32-byte hash of the device's off-chain description", "00".repeat(32))
    .description("register a device; the stake per device must be free in the operator's stake")
    .action(action(async (run, networkText: string, o: { deviceKeypair: string; kind: string; location: string; metadataHash: string }) => {
      const network = key(networkText, "network");
      const spec = { kind: smallNumber(o.kind, "--kind", 0xffff), location: h3Cell(o.location, "--location"), metadataHash: hex32(o.metadataHash, "--metadata-hash") };
      const { loadKeypair } = await import("../context");
      const device = loadKeypair(o.deviceKeypair, "--device-keypair");
      await run.network(network);
      return { device: device.publicKey, location: `0x${spec.location.toString(16)}`, ...run.tx(await run.gw.operator(network, run.me).registerDevice(device, spec)) };
    }));
  dev.command("deactivate <network> <deviceKey>").description("deactivate a device (frees its stake; it cannot be reactivated)")
    .action(action(async (run, networkText: string, d: string) => run.tx(await run.gw.operator(key(networkText, "network"), run.me).deactivateDevice(key(d, "device key")))));
  dev.command("transfer <network> <deviceKey>").requiredOption("--to-keypair <path>", "the receiving operator's wallet (it signs)").description("move a device to another operator (both sign)")
    .action(action(async (run, networkText: string, d: string, o: { toKeypair: string }) => {
      const { loadKeypair } = await import("../context");
      return run.tx(await run.gw.operator(key(networkText, "network"), run.me).transferDevice(key(d, "device key"), loadKeypair(o.toKeypair, "--to-keypair")));
    }));
  dev.command("list <network>").option("--operator <wallet>", "the operator's wallet (default: the signer)").description("an operator's devices")
    .action(action(async (run, networkText: string, o: { operator?: string }) => {
      const network = key(networkText, "network");
      await run.network(network);
      const wallet = o.operator ? key(o.operator, "--operator") : run.me.publicKey;
      const { listOperatorDevices } = await import("../../network/accounts");
      const { operatorPda } = await import("../../network/pda");
      const devices = await listOperatorDevices(run.gw.ctx.network, network, operatorPda(network, wallet));
      devices.sort((a, b) => a.account.registeredAt.cmp(b.account.registeredAt));
      return devices.map((d) => ({
        device: d.account.deviceKey, kind: d.account.kind, location: `0x${d.account.location.toString(16)}`, active: d.account.active !== 0, registeredAt: d.account.registeredAt,
      }));
    }));
}
