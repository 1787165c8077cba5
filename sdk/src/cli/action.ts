// The glue every command module uses: `group` finds or creates a command group (so two modules may
// add subcommands to one group, e.g. `device`), and `action` runs a handler with a context, prints
// its result and saves embedded state. Nothing heavy is imported here: the SDK, web3.js and the
// embedded SVM load only when a command runs, so `--help` stays fast.
import type { Command } from "commander";
import type { Groundwork } from "../groundwork";
import type { CliContext, GlobalOptions } from "./context";
import type { Row } from "./output";

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

/** What a handler gets: where it runs (`ctx`) and the SDK connected there (`gw`). */
export interface Run {
  ctx: CliContext;
  gw: Groundwork;
}

/** The global options (`--url`, `--keypair`, `--json`, ...) as seen from a subcommand. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * Wraps a handler for commander: opens the context named by the global options, runs `fn` with the
 * command's positional arguments and options, prints the result and saves embedded state.
 */
export function action<A extends unknown[]>(fn: (run: Run, ...args: A) => Promise<Row | Row[]>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const { createContext } = await import("./context");
    const { Groundwork } = await import("../groundwork");
    const { print } = await import("./output");
    const ctx = createContext(globalOptions(command));
    const gw = Groundwork.connect(ctx.provider);
    const result = await fn({ ctx, gw }, ...(args.slice(0, -1) as A));
    ctx.save();
    print(ctx.json, result);
  };
}
