// `groundwork dev`: embedded-SVM only — move the clock (`dev warp 1d`, `--until-epoch N`) and write
// a Pyth price for a feed (`dev set-price`), so that every flow that waits for time (epochs,
// unbonding, dispute windows) or reads a price (USD-priced credits) runs from the CLI.
import type { Command } from "commander";
import type { Run } from "../action";
import { action, group } from "../action";
import { duration, hex32, key, wholeNumber } from "../args";
import { CliError } from "../errors";

async function embedded(run: Run) {
  const { SvmConnection } = await import("../../svm/connection");
  const connection = run.ctx.provider.connection;
  if (!(connection instanceof SvmConnection) || !run.ctx.svm) {
    throw new CliError("NOT_EMBEDDED", `\`groundwork dev\` works on the embedded SVM only (this command ran on ${run.ctx.url})`, "use --url embedded:<state-file>");
  }
  return { connection, svm: run.ctx.svm };
}

/** A decimal USD price (`0.5`, `1234.5678`) as an integer mantissa at `exponent` (e.g. -8). */
function usd(text: string, exponent: number, what: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new CliError("INVALID_ARGUMENT", `${what} must be a positive decimal USD amount such as 0.5: ${JSON.stringify(text)}`);
  const places = -exponent;
  const fraction = m[2] ?? "";
  if (fraction.length > places) throw new CliError("INVALID_ARGUMENT", `${what} ${text} has more than ${places} decimal places (--exponent ${exponent})`);
  const v = BigInt(m[1] + fraction.padEnd(places, "0"));
  if (v > (1n << 63n) - 1n) throw new CliError("INVALID_ARGUMENT", `${what} is too large: ${text}`);
  return v;
}

export function register(program: Command): void {
  const dev = group(program, "dev", "embedded SVM only: move the clock, write Pyth prices");
  dev.command("warp [duration]").option("--until-epoch <n>", "move to the start of epoch n of --network (so epoch n−1 has ended)").option("--network <network>", "the network whose epochs --until-epoch counts")
    .description("move the embedded chain's clock forward: a duration (90, 30m, 12h, 1d, 2w, 1d12h) or --until-epoch")
    .action(action(async (run, durationText: string | undefined, o: { untilEpoch?: string; network?: string }) => {
      const { connection } = await embedded(run);
      const before = connection.unixTimestamp();
      let seconds: number;
      if (o.untilEpoch !== undefined) {
        if (durationText) throw new CliError("INVALID_ARGUMENT", "give a duration or --until-epoch, not both");
        if (!o.network) throw new CliError("INVALID_ARGUMENT", "--until-epoch needs --network <network> (its genesis and epoch length)");
        const n = await run.network(key(o.network, "--network"));
        const epoch = wholeNumber(o.untilEpoch, "--until-epoch", BigInt(Number.MAX_SAFE_INTEGER));
        const target = BigInt(n.genesisTs.toString()) + epoch * BigInt(n.epochLengthSecs.toString());
        if (target > BigInt(Number.MAX_SAFE_INTEGER)) throw new CliError("INVALID_ARGUMENT", `epoch ${epoch} starts too far in the future`);
        seconds = Math.max(0, Number(target) - before);
      } else {
        if (!durationText) throw new CliError("INVALID_ARGUMENT", "give a duration (e.g. 1d) or --until-epoch <n> --network <network>");
        seconds = duration(durationText, "duration");
      }
      if (seconds > 0) connection.warp(seconds);
      return { from: before, to: connection.unixTimestamp(), advancedSecs: seconds, slot: await connection.getSlot() };
    }));
  dev.command("set-price <usd>")
    .option("--network <network>", "write the price the network's credits config reads (its priceUpdate account and feedId)")
    .option("--account <address>", "the price-update account to write (instead of --network)")
    .option("--feed-id <hex>", "the 32-byte Pyth feed id (instead of --network)")
    .option("--conf <usd>", "confidence interval, USD", "0")
    .option("--exponent <n>", "price exponent (a negative power of ten, -1 to -12)", "-8")
    .option("--age <duration>", "how long ago the price was published (default 0: now)", "0")
    .option("--partial <signatures>", "write a partially verified update with this many guardian signatures (the program refuses those)")
    .description("write a Pyth PriceUpdateV2 account (owner: the Pyth receiver) with a USD price per whole token")
    .action(action(async (run, usdText: string, o: { network?: string; account?: string; feedId?: string; conf: string; exponent: string; age: string; partial?: string }) => {
      const { svm, connection } = await embedded(run);
      let account;
      let feedId: Buffer;
      if (o.network) {
        if (o.account || o.feedId) throw new CliError("INVALID_ARGUMENT", "give --network, or --account with --feed-id, not both");
        const { fetchCreditsConfig } = await import("../../credits/accounts");
        const network = key(o.network, "--network");
        const cfg = await fetchCreditsConfig(run.gw.ctx.credits, network).catch(() => {
          throw new CliError("NOT_FOUND", `network ${network.toBase58()} has no credits config`, "pass --account and --feed-id instead");
        });
        account = cfg.priceUpdate;
        feedId = Buffer.from(cfg.feedId);
      } else {
        if (!o.account || !o.feedId) throw new CliError("INVALID_ARGUMENT", "give --network, or both --account and --feed-id");
        account = key(o.account, "--account");
        feedId = hex32(o.feedId, "--feed-id");
      }
      const exponentAbs = Number(wholeNumber(o.exponent.replace(/^-/, ""), "--exponent", 12n, 1n));
      if (!o.exponent.startsWith("-")) throw new CliError("INVALID_ARGUMENT", `--exponent must be negative (e.g. -8): ${o.exponent}`);
      const exponent = -exponentAbs;
      const price = usd(usdText, exponent, "price");
      if (price === 0n) throw new CliError("INVALID_ARGUMENT", "price must be greater than zero");
      const conf = usd(o.conf, exponent, "--conf");
      const publishTime = connection.unixTimestamp() - duration(o.age === "0" ? "0" : o.age, "--age");
      const { encodePriceUpdateV2, PYTH_RECEIVER_PROGRAM_ID, PRICE_UPDATE_V2_LEN } = await import("../../pyth");
      const data = encodePriceUpdateV2({
        verification: o.partial === undefined ? "full" : { partial: Number(wholeNumber(o.partial, "--partial", 255n)) },
        feedId, price, conf, exponent, publishTime, postedSlot: await connection.getSlot(),
      });
      type SetAccount = Parameters<typeof svm.setAccount>[0];
      const lamports = BigInt(await connection.getMinimumBalanceForRentExemption(PRICE_UPDATE_V2_LEN));
      svm.setAccount({
        address: account.toBase58(), data: new Uint8Array(data), executable: false, lamports, programAddress: PYTH_RECEIVER_PROGRAM_ID.toBase58(), space: BigInt(PRICE_UPDATE_V2_LEN),
      } as unknown as SetAccount);
      return { account, feedId: feedId.toString("hex"), price: usdText, priceMantissa: price, conf: o.conf, exponent, publishTime };
    }));
}
