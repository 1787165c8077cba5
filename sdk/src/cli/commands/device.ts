// `groundwork device`: register (with a maker's co-signature or offline attestation and a fee in
// credits where the network asks for them), deactivate, reactivate, relocate, move and list devices (an operator).
// `device report` signs one report with a device keypair and sends it to
// an oracle node (what firmware authors and simulators use to try a node; docs/oracle.md).
import type { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import type { ReportPayload } from "../../reports/types";
import type { MakerAttestation } from "../../network/attestation";
import { action, group, globalOptions } from "../action";
import { h3Cell, hex32, key, smallNumber, wholeNumber } from "../args";
import { CliError } from "../errors";

export interface ReportOptions {
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

/** The report's payload from `device report`'s flags, each checked (keys base58, the cell an H3 cell, units a u64). */
export function payloadOf(o: ReportOptions): ReportPayload {
  const needed = (v: string | undefined, flag: string): string => {
    if (v === undefined) throw new CliError("INVALID_ARGUMENT", `${flag} is required for --kind ${o.kind}`, "see `groundwork device report --help`");
    return v;
  };
  switch (o.kind) {
    case "heartbeat": return { kind: "heartbeat" };
    case "witness": return { kind: "witness", witnessed: key(needed(o.witnessed, "--witnessed"), "--witnessed"), cell: h3Cell(needed(o.cell, "--cell"), "--cell") };
    case "work": return { kind: "work", units: wholeNumber(needed(o.units, "--units"), "--units"), customer: key(needed(o.customer, "--customer"), "--customer") };
    default: throw new CliError("INVALID_ARGUMENT", `--kind must be heartbeat, witness or work (not ${JSON.stringify(o.kind)})`);
  }
}

/**
 * `--maker-attestation`: a file holding the attestation, or its hex or base58; checked against the
 * device being registered before anything is sent (INVALID_ATTESTATION says which field differs).
 */
export async function attestationOf(text: string, network: PublicKey, deviceKey: PublicKey, kind: number): Promise<MakerAttestation> {
  const fs = await import("fs");
  const { attestationFromText, checkAttestation, MakerAttestationError } = await import("../../network/attestation");
  const hint = "ask the maker for `groundwork maker attest <network> <deviceKey> --kind <n>` of this device";
  try {
    const raw = fs.existsSync(text) ? fs.readFileSync(text, "utf8") : text;
    const attestation = attestationFromText(raw);
    checkAttestation(attestation, network, deviceKey, kind);
    return attestation;
  } catch (e) {
    if (e instanceof MakerAttestationError) throw new CliError("INVALID_ATTESTATION", e.message, hint, { problem: e.problem });
    throw e;
  }
}

export function register(program: Command): void {
  const dev = group(program, "device", "register, deactivate, move and list devices (operator)");
  dev.command("register <network>").requiredOption("--device-keypair <path>", "the device's keypair (it signs)").requiredOption("--kind <n>", "device kind (0–65535), defined by the network")
    .requiredOption("--location <cell>", "H3 cell index, hex (8a2a1072b59ffff) or decimal (622236750694711295)").option("--metadata-hash <hex>", "32-byte hash of the device's off-chain description", "00".repeat(32))
    .option("--maker-keypair <path>", "the maker's factory key, co-signing (networks that require makers)")
    .option("--maker-attestation <file|hex|base58>", "the maker's offline attestation of this device (`maker attest`), in place of its co-signature: a file holding it, or the hex or base58 itself")
    .option("--fee-paid-by <who>", "who pays the kind's onboarding fee in credits: operator or maker", "operator")
    .description("register a device; the stake per device must be free in the operator's stake")
    .action(action(async (run, networkText: string, o: { deviceKeypair: string; kind: string; location: string; metadataHash: string; makerKeypair?: string; makerAttestation?: string; feePaidBy: string }) => {
      const network = key(networkText, "network");
      const spec = { kind: smallNumber(o.kind, "--kind", 0xffff), location: h3Cell(o.location, "--location"), metadataHash: hex32(o.metadataHash, "--metadata-hash") };
      if (o.feePaidBy !== "operator" && o.feePaidBy !== "maker") throw new CliError("INVALID_ARGUMENT", `--fee-paid-by must be operator or maker (not ${JSON.stringify(o.feePaidBy)})`);
      if (o.makerKeypair && o.makerAttestation) throw new CliError("INVALID_ARGUMENT", "--maker-keypair and --maker-attestation exclude each other", "a maker co-signs (--maker-keypair) or attested offline (--maker-attestation)");
      if (o.feePaidBy === "maker" && !o.makerKeypair) {
        throw new CliError("INVALID_ARGUMENT", "--fee-paid-by maker needs --maker-keypair", o.makerAttestation ? "with an attestation the maker is not there to sign: the operator pays" : undefined);
      }
      const { loadKeypair } = await import("../context");
      const device = loadKeypair(o.deviceKeypair, "--device-keypair");
      const maker = o.makerKeypair ? loadKeypair(o.makerKeypair, "--maker-keypair") : undefined;
      const attestation = o.makerAttestation ? await attestationOf(o.makerAttestation, network, device.publicKey, spec.kind) : undefined;
      await run.network(network);
      const sent = await run.gw.operator(network, run.me).registerDevice(device, spec, { maker, attestation, feePayer: o.feePaidBy as "operator" | "maker" });
      const makerKey = maker?.publicKey ?? attestation?.makerKey;
      return { device: device.publicKey, location: `0x${spec.location.toString(16)}`, ...(makerKey ? { maker: makerKey } : {}), ...(attestation ? { attested: true } : {}), ...run.tx(sent) };
    }));
  dev.command("relocate <network> <deviceKey>").requiredOption("--location <cell>", "the new H3 cell, hex or decimal")
    .description("assert a new location for an active device (pays the kind's location fee in credits, if any)")
    .action(action(async (run, networkText: string, d: string, o: { location: string }) => {
      const network = key(networkText, "network");
      const location = h3Cell(o.location, "--location");
      await run.network(network);
      return { location: `0x${location.toString(16)}`, ...run.tx(await run.gw.operator(network, run.me).assertLocation(key(d, "device key"), location)) };
    }));
  dev.command("reactivate <network>").requiredOption("--device-keypair <path>", "the device's keypair (it signs again)")
    .description("reactivate a deactivated device (needs stake for one more device; pays the kind's onboarding fee again, if any)")
    .action(action(async (run, networkText: string, o: { deviceKeypair: string }) => {
      const network = key(networkText, "network");
      const { loadKeypair } = await import("../context");
      const device = loadKeypair(o.deviceKeypair, "--device-keypair");
      await run.network(network);
      return { device: device.publicKey, ...run.tx(await run.gw.operator(network, run.me).reactivateDevice(device)) };
    }));
  dev.command("deactivate <network> <deviceKey>").description("deactivate a device (frees its stake; `device reactivate` brings it back)")
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
        locationAsserts: d.account.locationAsserts, maker: d.account.maker.toBuffer().every((b) => b === 0) ? null : d.account.maker,
      }));
    }));
  dev.command("report <network>")
    .description("sign a report with a device keypair and send it to an oracle node (nothing is sent to the chain)")
    .requiredOption("--device-keypair <path>", "the device's keypair (it signs)")
    .requiredOption("--oracle <url>", "the oracle node's base URL")
    .option("--kind <kind>", "heartbeat | witness | work", "heartbeat")
    .option("--witnessed <deviceKey>", "witness: the device heard")
    .option("--cell <cell>", "witness: the reporter's H3 cell, hex (8a2a1072b59ffff) or decimal")
    .option("--units <n>", "work: units delivered")
    .option("--customer <wallet>", "work: the customer whose credits paid")
    .option("--timestamp <unix>", "default: the cluster's clock")
    .option("--epoch <n>", "default: the epoch of the timestamp")
    .action(async (networkText: string, o: ReportOptions, command: Command) => {
      // Not `action`: a report needs no signer wallet and no state-file lock when the flags give the
      // epoch and timestamp; otherwise the chain is read once for its clock and the network's epochs.
      const network = key(networkText, "network");
      const payload = payloadOf(o);
      let timestamp = o.timestamp !== undefined ? Number(wholeNumber(o.timestamp, "--timestamp", BigInt(Number.MAX_SAFE_INTEGER))) : undefined;
      let epoch = o.epoch !== undefined ? Number(wholeNumber(o.epoch, "--epoch", BigInt(Number.MAX_SAFE_INTEGER))) : undefined;
      const options = globalOptions(command);
      const { loadKeypair } = await import("../context");
      const device = loadKeypair(o.deviceKeypair, "--device-keypair");
      if (timestamp === undefined || epoch === undefined) {
        const { openContext, resolveUrl } = await import("../context");
        const { scene, Run } = await import("../action");
        const { Groundwork } = await import("../../groundwork");
        scene.url = resolveUrl({ ...options, keypair: options.keypair ?? o.deviceKeypair });
        scene.embedded = scene.url.startsWith("embedded:");
        // The device keypair stands in for the signer: nothing is signed on chain.
        const ctx = await openContext({ ...options, keypair: options.keypair ?? o.deviceKeypair });
        try {
          const run = new Run(ctx, Groundwork.connect(ctx.provider, ctx.sendOptions), options);
          const state = await run.network(network);
          timestamp ??= await run.now();
          epoch ??= Math.floor((timestamp - Number(state.genesisTs.toString())) / Number(state.epochLengthSecs.toString()));
        } finally {
          ctx.close();
        }
        if (epoch < 0) throw new CliError("INVALID_ARGUMENT", `the timestamp ${timestamp} is before the network's genesis`);
      }
      const { signReport } = await import("../../reports/format");
      const { OracleApiClient } = await import("../../oracle-node/api/client");
      const { print } = await import("../output");
      const report = signReport(device, { network, epoch, timestamp, payload });
      const id = await new OracleApiClient(o.oracle).sendReport(report);
      const json = Boolean(options.json) || options.output === "json" || options.output === "json-compact";
      print(json, { id, device: device.publicKey, epoch, timestamp, kind: payload.kind }, options.output === "json-compact");
    });
}
