// `groundwork`: every SDK action from a terminal or a script.
//
// Each command group lives in ./commands/<group>.ts and exports `register(program)`; adding a group
// (or subcommands to an existing group, via `group()` in ./action) is one new file and one line in
// COMMANDS below. Command modules import nothing heavy at the top level (only types and ./action,
// ./args): the SDK loads inside each handler, so `--help` and `--version` stay fast.
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import * as wallet from "./commands/wallet";
import * as token from "./commands/token";
import * as network from "./commands/network";
import * as operator from "./commands/operator";
import * as device from "./commands/device";
import * as maker from "./commands/maker";
import * as credits from "./commands/credits";
import * as oracle from "./commands/oracle";
import * as epoch from "./commands/epoch";
import * as rewards from "./commands/rewards";
import * as slash from "./commands/slash";
import * as governance from "./commands/governance";
import * as wait from "./commands/wait";
import * as dev from "./commands/dev";
import { CliError, EXIT_CODES, explain } from "./errors";
import { scene } from "./action";

const COMMANDS: { register(program: Command): void }[] = [
  wallet,
  token,
  network,
  operator,
  device,
  maker,
  credits,
  oracle,
  epoch,
  rewards,
  slash,
  governance,
  wait,
  dev,
];

/** The package's version, from the nearest package.json above this file (sdk/package.json, from source or dist). */
function version(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  }
  return "unknown";
}

const EXIT_CODES_HELP = `
Amounts: token amounts are in UI units of the mint (1.5 = 1,500,000 base units at 6 decimals), as
spl-token reads them; add --base-units to give whole base units instead. Credits are whole numbers.

Exit codes: 0 ok · 1 unexpected failure · 2 invalid input (arguments, flags, config, files) ·
3 the chain rejected the transaction · 4 RPC unreachable · 5 confirmation required or declined ·
6 embedded state file locked · 7 wait --timeout ran out. With --output json, errors are {"error": {"code", "message", "hint"}}
on stderr.`;

/** What commander wrote to stderr (its usage errors and help-after-error), printed by `main` as it sees fit. */
let commanderStderr = "";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("groundwork")
    .description("Groundwork DePIN protocol: networks, operators, devices, credits, rewards")
    .version(version(), "-V, --version")
    .option("-u, --url <url>", "RPC URL or moniker (localhost, devnet, testnet, mainnet-beta), or embedded:<state-file> for the embedded SVM")
    .option("-k, --keypair <path>", "signer keypair file (default: the Solana CLI config's keypair_path)")
    .option("-C, --config <path>", "Solana CLI config file (default: ~/.config/solana/cli/config.yml)")
    .addOption(new Option("--output <format>", "output format").choices(["display", "json", "json-compact"]))
    .option("--json", "print JSON for scripts (same as --output json)")
    .option("--fee-payer <path>", "keypair that pays fees and rent (default: the signer)")
    .addOption(new Option("--commitment <level>", "commitment to read and confirm at (default: the Solana CLI config's, else confirmed)").choices(["processed", "confirmed", "finalized"]))
    .option("--dry-run", "simulate writes: nothing is sent (on the embedded SVM, nothing is saved)")
    .option("-y, --yes", "answer yes to confirmations (e.g. handing the mint authority to the rewards program)")
    .option("--create", "with --url embedded:<file>: start a new embedded chain if the file does not exist (ignored on a cluster, which exists already)")
    .option("--base-units", "token amounts on the command line are whole base units, not UI units")
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError()
    .exitOverride();
  for (const c of COMMANDS) c.register(program);
  // Subcommands inherit exitOverride only when set before they are made; set it on every one.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.exitOverride().configureOutput({ writeErr: (text) => { commanderStderr += text; } });
  return program;
}

const wantsJson = (argv: string[]) => argv.includes("--json") || argv.some((a, i) => (a === "--output" && /^json/.test(argv[i + 1] ?? "")) || /^--output=json/.test(a));

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = wantsJson(argv);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const c = err as { code?: string; exitCode?: number };
    // --help and --version end by "throwing" with exit code 0; a group without its subcommand
    // prints the group's help on stderr and is a usage error.
    if (c.code === "commander.helpDisplayed" || c.code === "commander.version") return 0;
    if (c.code === "commander.help") {
      if (c.exitCode === 0) return 0;
      if (json) process.stderr.write(JSON.stringify({ error: new CliError("USAGE", "a command is missing", "see `groundwork --help` or `groundwork <group> --help`").toJSON() }) + "\n");
      else process.stderr.write(commanderStderr);
      return EXIT_CODES.invalidInput;
    }
    const e: CliError = await explain(err, scene);
    if (json) process.stderr.write(JSON.stringify({ error: e.toJSON() }) + "\n");
    else if (e.code === "USAGE" && commanderStderr) process.stderr.write(commanderStderr);
    else process.stderr.write(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ""}`);
    return e.exitCode;
  }
}

if (require.main === module) {
  // Exit explicitly: an RPC connection's keep-alive sockets would otherwise hold the process open.
  main(process.argv).then((code) => process.exit(code));
}
