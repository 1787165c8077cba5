// `npm run deploy`: creates and configures a network from a JSON config file on the provider's
// cluster, or brings an existing one in line with it (see sdk/src/deploy.ts, which
// `groundwork network deploy` and `network create --file` share: one format, one parser).
//
//   npm run deploy -- --config deploy/network.example.json [--url <rpc|moniker|embedded:file>] [--keypair <file>] [--dry-run] [--yes] [--create] [--publish-idl]
//
// --publish-idl first publishes the three programs' IDLs through the Program Metadata program
// (migrations/publish-idl.ts), signed by the programs' upgrade authority; --config may then be left out.
//
// The provider comes from --url/--keypair, else Anchor's ANCHOR_PROVIDER_URL/ANCHOR_WALLET, else
// the Solana CLI config (the same resolution as the `groundwork` CLI). The signer is the network's
// authority and pays for everything. See deploy/README.md for the config format.
import { deploy, loadDeployConfig, isMintToCreate } from "../sdk/src/deploy";
import { networkPda } from "../sdk/src/network/pda";
import { openContext } from "../sdk/src/cli/context";
import { CliError, explain } from "../sdk/src/cli/errors";
import { IdlPublishError, publishIdls } from "./publish-idl";

export { deploy, loadDeployConfig, parseDeployConfig, NetworkConfigError } from "../sdk/src/deploy";
export type { DeployConfig, DeployResult, DeployChange, DeployOptions, MintToCreate } from "../sdk/src/deploy";

interface Args {
  config?: string;
  url?: string;
  keypair?: string;
  solanaConfig?: string;
  dryRun: boolean;
  yes: boolean;
  create: boolean;
  publishIdl: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { dryRun: false, yes: false, create: false, publishIdl: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new CliError("USAGE", `${a} needs a value`);
      return v;
    };
    if (a === "--config" || a === "-c") out.config = value();
    else if (a === "--url" || a === "-u") out.url = value();
    else if (a === "--keypair" || a === "-k") out.keypair = value();
    else if (a === "--solana-config") out.solanaConfig = value();
    else if (a === "--dry-run") out.dryRun = true;
    else if (a === "--yes" || a === "-y") out.yes = true;
    else if (a === "--create") out.create = true;
    else if (a === "--publish-idl") out.publishIdl = true;
    else if (a === "--help" || a === "-h") out.help = true;
    else throw new CliError("USAGE", `unknown argument: ${a}`, USAGE);
  }
  return out;
}

const USAGE = `usage: npm run deploy -- --config <network.json> [--url <url|moniker|embedded:state-file>] [--keypair <file>] [--dry-run] [--yes] [--create] [--publish-idl]

Creates the network described by the config file, or updates an existing one to match it.
Provider: --url/--keypair, else ANCHOR_PROVIDER_URL/ANCHOR_WALLET, else the Solana CLI config
(--solana-config <file> to use another one). --create starts a new embedded state file.
--yes confirms handing the mint authority to the rewards program (rewards "mint" mode).
--publish-idl first publishes the programs' IDLs (Program Metadata program; the signer must be
their upgrade authority), skipping those already published unchanged; --config is then optional.`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.config && !args.publishIdl) throw new CliError("USAGE", "--config is required", USAGE);
  const config = args.config ? loadDeployConfig(args.config) : undefined;
  const ctx = await openContext({ url: args.url ?? process.env.ANCHOR_PROVIDER_URL, keypair: args.keypair ?? process.env.ANCHOR_WALLET, config: args.solanaConfig, create: args.create, dryRun: args.dryRun });
  try {
    if (args.publishIdl) {
      await publishIdls(ctx.provider, { dryRun: args.dryRun, log: (l) => console.log(l) });
      ctx.save();
    }
    if (!config) return;
    const mint = isMintToCreate(config.mint) ? config.mint.keypair.publicKey : config.mint;
    console.log(`deploying network ${networkPda(mint, config.creator ?? ctx.wallet.publicKey).toBase58()} (mint ${mint.toBase58()}) as ${ctx.wallet.publicKey.toBase58()}`);
    const result = await deploy(ctx.provider, config, {
      dryRun: args.dryRun,
      log: (l) => console.log(`  ${l}`),
      sendOptions: ctx.sendOptions,
      confirmMintHandover: async (explanation) => {
        if (!args.yes) throw new CliError("CONFIRMATION_REQUIRED", `${explanation}\nThis cannot be undone; pass --yes to confirm.`, "re-run with --yes once you have read what it does");
      },
    });
    ctx.save();
    if (result.changes.length === 0) console.log("up to date: nothing sent");
    else if (args.dryRun) console.log(`dry run: ${result.changes.length} change(s), nothing sent`);
    else console.log(`done: ${result.changes.length} change(s) in ${result.transactions.length} transaction(s): ${result.transactions.map((t) => t.signature).join(", ")}`);
  } finally {
    ctx.close();
  }
}

if (require.main === module) {
  main().catch(async (err: unknown) => {
    if (err instanceof IdlPublishError) {
      process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ""}`);
      process.exit(1);
    }
    const e = await explain(err);
    process.stderr.write(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ""}`);
    process.exit(e.exitCode);
  });
}
