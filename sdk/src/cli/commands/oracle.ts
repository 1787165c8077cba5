// `groundwork oracle`: epoch reward trees and roots (an oracle).
import type { Command } from "commander";
import { action, group } from "../action";
import { key, wholeNumber } from "../args";
import { CliError } from "../errors";

export function register(program: Command): void {
  const oracle = group(program, "oracle", "epoch trees and roots (oracle)");
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
