// `groundwork oracle`: epoch reward trees and roots (an oracle), and `oracle serve --config <file>`,
// which runs an oracle node (sdk/src/oracle-node) until SIGINT/SIGTERM (config: docs/oracle.md).
import type { Command } from "commander";
import { action, globalOptions, group } from "../action";
import { key, wholeNumber } from "../args";
import { CliError } from "../errors";

export function register(program: Command): void {
  const oracle = group(program, "oracle", "oracle nodes, epoch trees and roots (oracle)");
  oracle.command("serve")
    .description("run an oracle node: ingest device reports, close epochs, vote roots, serve proofs (config: docs/oracle.md)")
    .option("--config <file>", "the node's config file (JSON, docs/oracle.md); not the Solana CLI config")
    .action(async (o: { config?: string }, command: Command) => {
      const file = o.config ?? nodeConfigArgument(command);
      if (!file) throw new CliError("USAGE", "oracle serve needs --config <file>", "the node's config file is described in docs/oracle.md");
      const { loadConfig } = await import("../../oracle-node/config/config");
      const config = loadConfig(file);
      const { createContext, loadKeypair } = await import("../context");
      const { scene } = await import("../action");
      scene.url = config.rpcUrl;
      scene.embedded = config.rpcUrl.startsWith("embedded:");
      // The node runs where its config says (rpcUrl, oracleKeypair), never where the Solana CLI
      // config or --url/--keypair point: one node, one explicit place.
      const ctx = createContext({ url: config.rpcUrl, keypair: config.oracleKeypair, commitment: globalOptions(command).commitment });
      const { OracleNode } = await import("../../oracle-node/node/node");
      const node = await OracleNode.start(config, {
        provider: ctx.provider, oracle: loadKeypair(config.oracleKeypair, "oracleKeypair"),
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
      // Resolves only when a signal stops the node: main() must not return (and exit) meanwhile.
      await new Promise<never>(() => undefined);
    });
  oracle.command("build-tree <network>").requiredOption("--epoch <n>", "the epoch the tree is for").requiredOption("--input <file>", "JSON: [{\"operator\": wallet, \"amount\": cumulative base units}]").requiredOption("--out <file>", "proofs file to write")
    .description("build an epoch's reward tree and proofs file from cumulative earnings (base units)")
    .action(action(async (_run, networkText: string, o: { epoch: string; input: string; out: string }) => {
      const fs = await import("fs");
      const { Progress } = await import("../output");
      const { buildTree, proofsFile, writeProofsFile } = await import("../../rewards/merkle");
      const network = key(networkText, "network");
      const epoch = Number(wholeNumber(o.epoch, "--epoch", BigInt(Number.MAX_SAFE_INTEGER)));
      if (!fs.existsSync(o.input)) throw new CliError("FILE_NOT_FOUND", `input file not found: ${o.input}`);
      let rows: unknown;
      try {
        rows = JSON.parse(fs.readFileSync(o.input, "utf8"));
      } catch (e) {
        throw new CliError("INVALID_ARGUMENT", `${o.input} is not valid JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(rows) || rows.length === 0) throw new CliError("INVALID_ARGUMENT", `${o.input} must be a non-empty list of {"operator", "amount"}`);
      const progress = new Progress("reading leaves", rows.length);
      const leaves = (rows as { operator?: unknown; amount?: unknown }[]).map((r, i) => {
        progress.tick();
        return { operator: key(String(r.operator), `${o.input}[${i}].operator`), amount: wholeNumber(String(r.amount), `${o.input}[${i}].amount`) };
      });
      const tree = buildTree(network, leaves);
      const file = proofsFile(network, epoch, leaves, tree);
      writeProofsFile(o.out, file);
      return { epoch: file.epoch, root: file.root, total: file.total, leafCount: file.leafCount, depth: tree.depth, out: o.out };
    }));
  oracle.command("submit-root <network>").requiredOption("--proofs <file>", "the epoch's proofs file (from build-tree)")
    .description("vote for the epoch's root; the vote that reaches the threshold finalizes the epoch")
    .action(action(async (run, networkText: string, o: { proofs: string }) => {
      const { readProofsFile } = await import("../../rewards/merkle");
      const network = key(networkText, "network");
      await run.network(network);
      const file = readProofsFile(o.proofs);
      const client = run.gw.oracle(network, run.me);
      const leaves = file.claims.map((c) => ({ operator: key(c.operator, "operator"), amount: BigInt(c.amount) }));
      const built = client.buildEpochTree(file.epoch, leaves);
      if (built.proofs.root !== file.root) throw new CliError("INVALID_ARGUMENT", `the root in ${o.proofs} does not match its leaves`, "rebuild the file with `groundwork oracle build-tree`");
      return { epoch: file.epoch, root: file.root, ...run.tx(await client.submitRoot(built)) };
    }));
}

/**
 * The node config file of `oracle serve`. The root command has its own `-C, --config` (the Solana
 * CLI config), and commander gives a flag the root knows to the root wherever it appears; so a
 * `--config`/`-C` written after `serve` is read back from the raw arguments. One written before
 * `oracle` is the Solana CLI config, which `serve` does not use.
 */
export function nodeConfigArgument(serve: Command): string | undefined {
  let root = serve;
  while (root.parent) root = root.parent;
  // rawArgs: what parse() was given (commander keeps it; its typings do not declare it).
  const args = (root as unknown as { rawArgs: string[] }).rawArgs ?? [];
  const at = args.findIndex((a, i) => a === "serve" && args[i - 1] === "oracle");
  let file: string | undefined;
  for (let i = at + 1; at >= 0 && i < args.length; i++) {
    const a = args[i];
    if ((a === "--config" || a === "-C") && i + 1 < args.length) file = args[++i];
    else if (a.startsWith("--config=")) file = a.slice("--config=".length);
    else if (a.startsWith("-C") && a.length > 2) file = a.slice(2);
  }
  return file;
}
