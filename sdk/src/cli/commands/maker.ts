// `groundwork maker`: device makers and device fees. The team (network authority) requires makers,
// approves and revokes them and prices device kinds in credits; a maker (the signer is its factory
// key) posts its stake, reads its status and attests devices offline (`maker attest`). Co-signing a
// device is `device register --maker-keypair`, onboarding an attested one `device register
// --maker-attestation`; docs/makers.md explains the economy.
import type { Command } from "commander";
import { action, group } from "../action";
import { key, smallNumber, wholeNumber } from "../args";
import { CliError } from "../errors";

/** `--kinds 1,2,7`: 1 to 8 distinct device kinds. */
export function kindsOf(text: string): number[] {
  const kinds = text.split(",").map((k) => smallNumber(k.trim(), "--kinds", 0xffff));
  if (kinds.length === 0 || kinds.length > 8) throw new CliError("INVALID_ARGUMENT", "--kinds lists 1 to 8 device kinds", "e.g. --kinds 1,2");
  if (new Set(kinds).size !== kinds.length) throw new CliError("INVALID_ARGUMENT", "--kinds lists a kind twice");
  return kinds;
}

export function register(program: Command): void {
  const m = group(program, "maker", "device makers and device fees in credits (team, maker)");
  m.command("require <network> <on|off>").description("team: require an approved maker's co-signature on every new device (off: open registration)")
    .action(action(async (run, networkText: string, onOff: string) => {
      if (onOff !== "on" && onOff !== "off") throw new CliError("INVALID_ARGUMENT", `expected on or off, not ${JSON.stringify(onOff)}`);
      const network = key(networkText, "network");
      await run.network(network);
      return { makersRequired: onOff === "on", ...run.tx(await run.gw.team(run.me).setMakersRequired(network, onOff === "on")) };
    }));
  m.command("approve <network> <makerKey>").requiredOption("--name <text>", "the maker's name (its sha256 is recorded)")
    .requiredOption("--kinds <list>", "device kinds the maker may issue, comma-separated (1 to 8)")
    .requiredOption("--stake-required <amount>", "maker stake its key's operator account must keep beyond its own devices' stake (token units)")
    .description("team: approve a maker whose key has already staked (`maker stake`)")
    .action(action(async (run, networkText: string, makerText: string, o: { name: string; kinds: string; stakeRequired: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const { createHash } = await import("crypto");
      const stakeRequired = await run.amountOf(n.mint, o.stakeRequired);
      const makerKey = key(makerText, "maker key");
      const kinds = kindsOf(o.kinds);
      const nameHash = createHash("sha256").update(o.name).digest();
      const { makerPda } = await import("../../network/pda");
      return { maker: makerPda(network, makerKey), kinds, stakeRequired: await run.tokens(n.mint, stakeRequired), ...run.tx(await run.gw.team(run.me).approveMaker(network, { makerKey, nameHash, kinds, stakeRequired })) };
    }));
  m.command("revoke <network> <makerKey>").description("team: revoke a maker (no new devices; its devices and stake stay)")
    .action(action(async (run, networkText: string, makerText: string) => {
      const network = key(networkText, "network");
      await run.network(network);
      return run.tx(await run.gw.team(run.me).revokeMaker(network, key(makerText, "maker key")));
    }));
  m.command("stake <network> <amount>").description("maker: post maker stake from the signer's token account (creates its operator account if needed)")
    .action(action(async (run, networkText: string, amountText: string) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const amount = await run.amountOf(n.mint, amountText);
      return { amount: await run.tokens(n.mint, amount), ...run.tx(await run.gw.maker(network, run.me).stake(amount)) };
    }));
  m.command("attest <network> <deviceKey>").requiredOption("--kind <n>", "the device's kind (0–65535)")
    .option("--out <file>", "also write the attestation (hex) to this file, to ship with the device")
    .description("maker, offline: sign with the factory key (the signer) that a device key of a kind is this maker's device; its owner onboards it with `device register --maker-attestation` even if the maker no longer answers")
    .action(action(async (run, networkText: string, deviceText: string, o: { kind: string; out?: string }) => {
      const network = key(networkText, "network");
      const deviceKey = key(deviceText, "device key");
      const kind = smallNumber(o.kind, "--kind", 0xffff);
      // No chain access: the attestation is a signature over fixed bytes (docs/makers.md).
      const { signAttestation, attestationToHex } = await import("../../network/attestation");
      const attestation = attestationToHex(signAttestation(run.me, network, deviceKey, kind));
      if (o.out) {
        const fs = await import("fs");
        try {
          fs.writeFileSync(o.out, attestation + "\n", { flag: "wx" });
        } catch (e) {
          throw new CliError("INVALID_ARGUMENT", `cannot write ${o.out}: ${(e as Error).message}`, "--out names a new file (an existing one is never overwritten)");
        }
      }
      return { makerKey: run.me.publicKey, network, deviceKey, kind, attestation, ...(o.out ? { file: o.out } : {}) };
    }));
  m.command("show <network>").option("--maker <key>", "the maker's key (default: the signer)").description("a maker's approval, kinds, stake and devices")
    .action(action(async (run, networkText: string, o: { maker?: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const { fetchMaker, fetchOperator, makerKinds } = await import("../../network/accounts");
      const makerKey = o.maker ? key(o.maker, "--maker") : run.me.publicKey;
      const [maker, stake] = await Promise.all([fetchMaker(run.gw.ctx.network, network, makerKey), fetchOperator(run.gw.ctx.network, network, makerKey)]);
      if (!maker) throw new CliError("NOT_FOUND", `${makerKey.toBase58()} is not a maker of ${network.toBase58()}`, "the team approves makers with `groundwork maker approve`");
      return {
        makerKey, approved: maker.revoked === 0, revokedAt: maker.revokedAt, kinds: makerKinds(maker),
        stakeRequired: await run.tokens(n.mint, BigInt(maker.stakeRequired.toString())),
        activeStake: await run.tokens(n.mint, BigInt((stake?.activeStake ?? 0).toString())), jailed: (stake?.jailed ?? 0) !== 0,
        devicesOnboarded: maker.devicesOnboarded, nameHash: Buffer.from(maker.nameHash).toString("hex"),
      };
    }));
  m.command("list <network>").description("every maker of the network")
    .action(action(async (run, networkText: string) => {
      const network = key(networkText, "network");
      await run.network(network);
      const { listMakers, makerKinds } = await import("../../network/accounts");
      return (await listMakers(run.gw.ctx.network, network)).map((x) => ({
        maker: x.account.makerKey, approved: x.account.revoked === 0, kinds: makerKinds(x.account).join(","), devicesOnboarded: x.account.devicesOnboarded,
      }));
    }));
  m.command("set-fees <network> <kind>").requiredOption("--onboarding <credits>", "credits burned to register or reactivate a device of the kind")
    .requiredOption("--location <credits>", "credits burned to assert a new location")
    .description("team: price a device kind in credits (up to 16 kinds; 0 and 0 make it free)")
    .action(action(async (run, networkText: string, kindText: string, o: { onboarding: string; location: string }) => {
      const network = key(networkText, "network");
      await run.network(network);
      const kind = smallNumber(kindText, "kind", 0xffff);
      const fees = { onboardingFee: wholeNumber(o.onboarding, "--onboarding"), locationFee: wholeNumber(o.location, "--location") };
      return { kind, ...fees, ...run.tx(await run.gw.team(run.me).setDeviceFees(network, kind, fees)) };
    }));
  m.command("fees <network>").description("the device kinds the network prices, in credits")
    .action(action(async (run, networkText: string) => {
      const network = key(networkText, "network");
      await run.network(network);
      const { fetchFeeSchedule, listKindFees } = await import("../../network/accounts");
      return listKindFees(await fetchFeeSchedule(run.gw.ctx.network, network)).map((f) => ({ kind: f.kind, onboardingFee: f.onboardingFee, locationFee: f.locationFee }));
    }));
}
