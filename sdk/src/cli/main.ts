// `groundwork`: every SDK action from a terminal or a script.
//
// Each command group lives in ./commands/<group>.ts and exports `register(program)`; adding a group
// (or subcommands to an existing group, via `group()` in ./action) is one new file and one line in
// COMMANDS below. Command modules import nothing heavy at the top level (only types and ./action,
// ./args): the SDK loads inside each handler, so `--help` and `--version` stay fast.
import { Command } from "commander";
import * as wallet from "./commands/wallet";
import * as token from "./commands/token";
import * as network from "./commands/network";
import * as operator from "./commands/operator";
import * as device from "./commands/device";
import * as credits from "./commands/credits";
import * as oracle from "./commands/oracle";
import * as rewards from "./commands/rewards";
import * as slash from "./commands/slash";

const COMMANDS: { register(program: Command): void }[] = [
  wallet,
  token,
  network,
  operator,
  device,
  credits,
  oracle,
  rewards,
  slash,
];

const program = new Command();
program
  .name("groundwork")
  .description("Groundwork DePIN protocol: networks, operators, devices, credits, rewards")
  .option("-u, --url <url>", "RPC URL or moniker (localhost, devnet, mainnet-beta), or embedded:<state-file> for the embedded SVM")
  .option("-k, --keypair <path>", "signer keypair file (default: the Solana CLI config's)")
  .option("-C, --config <path>", "Solana CLI config file (default: ~/.config/solana/cli/config.yml)")
  .option("--json", "print JSON for scripts")
  .showHelpAfterError();
for (const c of COMMANDS) c.register(program);

program.parseAsync(process.argv).catch(async (err: unknown) => {
  const { toGroundworkError } = await import("../errors");
  const e = toGroundworkError(err);
  process.stderr.write(`error: ${e.message.split("\n")[0]}\n`);
  process.exit(1);
});
