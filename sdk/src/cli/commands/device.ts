// `groundwork device report …`: signs one report with a device keypair and sends it to an oracle
// node (what firmware authors and simulators use to try a node).
import { Command } from "commander";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createContext, GlobalOptions, loadKeypair } from "../context";
import { print } from "../output";
import { signReport } from "../../reports/format";
import { ReportPayload } from "../../reports/types";
import { OracleApiClient } from "../../oracle-node/api/client";
import { fetchNetwork } from "../../network/accounts";
import { networkProgram } from "../../network/program";

interface ReportOptions {
  deviceKeypair: string;
  oracle: string;
  kind: string;
  witnessed?: string;
  cell?: string;
  units?: string;
  customer?: string;
  epoch?: string;
  timestamp?: string;
}

const pubkey = (s: string | undefined, what: string): PublicKey => {
  if (!s) throw new Error(`--${what} is required for this kind`);
  try {
    return new PublicKey(s);
  } catch {
    throw new Error(`--${what} is not a base58 public key: ${s}`);
  }
};
const u64 = (s: string | undefined, what: string): bigint => {
  if (!s || !/^\d{1,20}$/.test(s) || BigInt(s) > 0xffff_ffff_ffff_ffffn) throw new Error(`--${what} must be a whole number (u64)`);
  return BigInt(s);
};

export function payloadOf(o: ReportOptions): ReportPayload {
  switch (o.kind) {
    case "heartbeat": return { kind: "heartbeat" };
    case "witness": return { kind: "witness", witnessed: pubkey(o.witnessed, "witnessed"), cell: u64(o.cell, "cell") };
    case "work": return { kind: "work", units: u64(o.units, "units"), customer: pubkey(o.customer, "customer") };
    default: throw new Error(`--kind must be heartbeat, witness or work (not ${o.kind})`);
  }
}

export function registerDeviceCommands(program: Command): void {
  const device = program.commands.find((c) => c.name() === "device") ?? program.command("device").description("devices");
  device.command("report <network>")
    .description("sign a report with a device keypair and send it to an oracle node")
    .requiredOption("--device-keypair <path>", "the device's keypair (it signs)")
    .requiredOption("--oracle <url>", "the oracle node's base URL")
    .option("--kind <kind>", "heartbeat | witness | work", "heartbeat")
    .option("--witnessed <deviceKey>", "witness: the device heard")
    .option("--cell <n>", "witness: the reporter's location cell (H3 index, decimal)")
    .option("--units <n>", "work: units delivered")
    .option("--customer <wallet>", "work: the customer whose credits paid")
    .option("--timestamp <unix>", "default: the cluster's clock")
    .option("--epoch <n>", "default: the epoch of the timestamp")
    .action(async (networkArg: string, o: ReportOptions) => {
      const opts = program.opts<GlobalOptions>();
      const network = pubkey(networkArg, "network");
      const dev: Keypair = loadKeypair(o.deviceKeypair);
      const payload = payloadOf(o);
      let timestamp = o.timestamp !== undefined ? Number(u64(o.timestamp, "timestamp")) : undefined;
      let epoch = o.epoch !== undefined ? Number(u64(o.epoch, "epoch")) : undefined;
      if (timestamp === undefined || epoch === undefined) {
        const ctx = createContext(opts);
        const state = await fetchNetwork(networkProgram(ctx.provider), network);
        if (timestamp === undefined) {
          const slot = await ctx.provider.connection.getSlot();
          timestamp = (await ctx.provider.connection.getBlockTime(slot)) ?? Math.floor(Date.now() / 1000);
        }
        epoch ??= Math.floor((timestamp - Number(state.genesisTs.toString())) / Number(state.epochLengthSecs.toString()));
        if (epoch < 0) throw new Error("the timestamp is before the network's genesis");
      }
      const report = signReport(dev, { network, epoch, timestamp, payload });
      const id = await new OracleApiClient(o.oracle).sendReport(report);
      print(Boolean(opts.json), { id, device: dev.publicKey, epoch, timestamp, kind: payload.kind });
    });
}
