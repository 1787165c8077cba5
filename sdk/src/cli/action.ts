// The glue every command module uses: `group` finds or creates a command group (so two modules may
// add subcommands to one group, e.g. `device`), and `action` runs a handler with a context, prints
// its result, saves embedded state and releases its lock. Nothing heavy is imported here: the SDK,
// web3.js and the embedded SVM load only when a command runs, so `--help` stays fast.
import type { Command } from "commander";
import type { Keypair, PublicKey } from "@solana/web3.js";
import type { Groundwork } from "../groundwork";
import type { NetworkAccount } from "../network/accounts";
import type { SentTransaction } from "../tx";
import type { CliContext, GlobalOptions } from "./context";
import type { Row } from "./output";
import { CliError, ErrorScene } from "./errors";
import { tokenAmount } from "./args";

/** The subcommand group `name` of `program`, created with `description` if no module made it yet. */
export function group(program: Command, name: string, description?: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) {
    if (description && !existing.description()) existing.description(description);
    return existing;
  }
  const created = program.command(name);
  if (description) created.description(description);
  return created;
}

/** The global options (`--url`, `--keypair`, `--output`, ...) as seen from a subcommand. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Where the running command is, for error messages (the URL, the fee payer). */
export const scene: ErrorScene = {};

/** What a handler gets: where it runs, the SDK connected there, and helpers every command shares. */
export class Run {
  private readonly decimals = new Map<string, number>();

  constructor(readonly ctx: CliContext, readonly gw: Groundwork, readonly options: GlobalOptions) {}

  /** The signer (`--keypair`): every persona acts as it; the fee payer may differ (`--fee-payer`). */
  get me(): Keypair {
    return this.ctx.wallet;
  }

  /** A sent (or simulated) transaction as a result row, with an explorer link on a real cluster. */
  tx(t: SentTransaction): Row {
    if (this.ctx.dryRun) return { simulated: true, computeUnits: t.computeUnits };
    return { signature: t.signature, computeUnits: t.computeUnits, explorer: this.ctx.explorer(t.signature) };
  }

  /** Several transactions as one row. */
  txs(ts: SentTransaction[]): Row {
    if (this.ctx.dryRun) return { simulated: true, transactions: ts.length, computeUnits: ts.reduce((s, t) => s + t.computeUnits, 0) };
    return { transactions: ts.map((t) => ({ signature: t.signature, computeUnits: t.computeUnits, explorer: this.ctx.explorer(t.signature) })) };
  }

  /** The network account at `address`, or a NOT_A_NETWORK error naming it. */
  async network(address: PublicKey): Promise<NetworkAccount> {
    const info = await this.ctx.provider.connection.getAccountInfo(address);
    if (!info) throw new CliError("NOT_A_NETWORK", `no account at ${address.toBase58()} on ${this.ctx.url}`, "check the network address and the cluster (--url)", { account: address.toBase58() });
    if (!info.owner.equals(this.gw.ctx.network.programId)) {
      throw new CliError("NOT_A_NETWORK", `${address.toBase58()} is not a Groundwork network account (owner ${info.owner.toBase58()})`, "check the network address: `groundwork network show <network>` reads one", { account: address.toBase58() });
    }
    try {
      return this.gw.ctx.network.coder.accounts.decode("network", info.data) as NetworkAccount;
    } catch {
      throw new CliError("NOT_A_NETWORK", `${address.toBase58()} is a network-program account but not a network`, "pass the network's address (the `network` of `groundwork network create`)", { account: address.toBase58() });
    }
  }

  /** The cluster's unix time (the embedded SVM's clock, or the Clock sysvar). */
  async now(): Promise<number> {
    const { SvmConnection } = await import("../svm/connection");
    const connection = this.ctx.provider.connection;
    if (connection instanceof SvmConnection) return connection.unixTimestamp();
    const { SYSVAR_CLOCK_PUBKEY } = await import("@solana/web3.js");
    const clock = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY);
    if (!clock) throw new CliError("RPC_ERROR", `the RPC at ${this.ctx.url} did not return the Clock sysvar`);
    return Number(clock.data.readBigInt64LE(32));
  }

  /** The decimals of `mint` (one read per mint per command). */
  async mintDecimals(mint: PublicKey): Promise<number> {
    const k = mint.toBase58();
    if (!this.decimals.has(k)) {
      const { getMint, TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } = await import("@solana/spl-token");
      const info = await this.ctx.provider.connection.getAccountInfo(mint);
      if (!info) throw new CliError("NOT_FOUND", `mint ${k} does not exist on ${this.ctx.url}`, "check the mint address and the cluster (--url)");
      const program = info.owner.equals(TOKEN_2022_PROGRAM_ID) ? TOKEN_2022_PROGRAM_ID : TOKEN_PROGRAM_ID;
      if (!info.owner.equals(program)) throw new CliError("INVALID_ARGUMENT", `${k} is not a token mint`);
      this.decimals.set(k, (await getMint(this.ctx.provider.connection, mint, undefined, program)).decimals);
    }
    return this.decimals.get(k)!;
  }

  /** A token amount of `mint` from the command line: UI units (`1.5`), or base units with `--base-units`. */
  async amountOf(mint: PublicKey, text: string, what = "amount", allowZero = false): Promise<bigint> {
    return tokenAmount(text, await this.mintDecimals(mint), what, { baseUnits: this.options.baseUnits, allowZero });
  }

  /** A token amount as a printable value (UI units; base units too in JSON). */
  async tokens(mint: PublicKey, baseUnits: bigint | { toString(): string }): Promise<import("./output").TokenAmount> {
    const { TokenAmount } = await import("./output");
    return new TokenAmount(BigInt(baseUnits.toString()), await this.mintDecimals(mint));
  }

  /**
   * Asks before something that cannot be undone: `--yes` answers for scripts; on a terminal the
   * user types "yes"; otherwise (a script without --yes) the command stops with CONFIRMATION_REQUIRED.
   */
  async confirm(what: string): Promise<void> {
    if (this.options.yes || this.ctx.dryRun) return;
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      throw new CliError("CONFIRMATION_REQUIRED", `${what}\nThis cannot be undone; pass --yes to confirm.`, "re-run with --yes once you have read what it does");
    }
    const readline = await import("readline");
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await new Promise<string>((resolve) => rl.question(`${what}\nType "yes" to continue: `, resolve));
    rl.close();
    if (answer.trim().toLowerCase() !== "yes") throw new CliError("CONFIRMATION_DECLINED", "not confirmed: nothing was sent");
  }
}

/**
 * Wraps a handler for commander: opens the context named by the global options (taking the
 * embedded state file's lock), runs `fn` with the command's positional arguments and options,
 * saves embedded state, releases the lock and prints the result.
 */
export function action<A extends unknown[]>(fn: (run: Run, ...args: A) => Promise<Row | Row[]>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const options = globalOptions(command);
    const { openContext, resolveUrl } = await import("./context");
    scene.url = resolveUrl(options);
    scene.embedded = scene.url.startsWith("embedded:");
    const ctx = await openContext(options);
    try {
      scene.feePayer = ctx.feePayer.publicKey.toBase58();
      scene.signer = ctx.wallet.publicKey.toBase58();
      const { Groundwork } = await import("../groundwork");
      const { print } = await import("./output");
      const gw = Groundwork.connect(ctx.provider, ctx.sendOptions);
      const result = await fn(new Run(ctx, gw, options), ...(args.slice(0, -1) as A));
      ctx.save();
      ctx.close();
      const rows = ctx.dryRun && !Array.isArray(result) ? { dryRun: true, ...result } : result;
      print(ctx.json, rows, options.output === "json-compact");
    } finally {
      ctx.close();
    }
  };
}
