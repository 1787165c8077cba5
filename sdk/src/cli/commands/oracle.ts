// `groundwork oracle serve --config <file>`: runs an oracle node (sdk/src/oracle-node) until
// SIGINT/SIGTERM. The config file is described in docs/oracle.md.
import { Command } from "commander";
import { createContext, loadKeypair } from "../context";
import { loadConfig } from "../../oracle-node/config/config";
import { OracleNode } from "../../oracle-node/node/node";

function subcommandOf(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerOracleCommands(program: Command): void {
  subcommandOf(program, "oracle", "oracle nodes, epoch trees and roots (oracle)")
    .command("serve")
    .description("run an oracle node: ingest device reports, close epochs, vote roots, serve proofs")
    .option("--config <file>", "the node's config file (docs/oracle.md)")
    .action(async (o: { config?: string }) => {
      // The root command also has a --config (the Solana CLI's config file) and commander gives
      // it the flag wherever it appears; `serve` never reads the Solana CLI config, so the flag
      // is this node's config file.
      const file = o.config ?? program.opts<{ config?: string }>().config;
      if (!file) throw new Error("oracle serve needs --config <file> (docs/oracle.md)");
      const config = loadConfig(file);
      const ctx = createContext({ url: config.rpcUrl, keypair: config.oracleKeypair });
      const node = await OracleNode.start(config, {
        provider: ctx.provider, oracle: loadKeypair(config.oracleKeypair),
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      process.stderr.write(`oracle node for ${config.network.toBase58()} listening on ${node.url} (${node.store.kind} database)\n`);
      // The one line a supervisor (or a test) waits for, on stdout.
      process.stdout.write(JSON.stringify({ listening: node.url }) + "\n");
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        void node.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
}
