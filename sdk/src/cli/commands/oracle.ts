// `groundwork oracle`: epoch reward trees and roots (an oracle).
import type { Command } from "commander";
import { action, group } from "../action";
import { key, txRow } from "../args";

export function register(program: Command): void {
  const oracle = group(program, "oracle", "epoch trees and roots (oracle)");
  oracle.command("build-tree <network>").requiredOption("--epoch <n>").requiredOption("--input <file>", "JSON: [{\"operator\": wallet, \"amount\": cumulative base units}]").requiredOption("--out <file>", "proofs file to write")
    .action(action(async (_run, network: string, o: { epoch: string; input: string; out: string }) => {
      const fs = await import("fs");
      const { Progress } = await import("../output");
      const { buildTree, proofsFile, writeProofsFile } = await import("../../rewards/merkle");
      const rows = JSON.parse(fs.readFileSync(o.input, "utf8")) as { operator: string; amount: string | number }[];
      const progress = new Progress("reading leaves", rows.length);
      const leaves = rows.map((r) => {
        progress.tick();
        return { operator: key(r.operator, "operator"), amount: BigInt(r.amount) };
      });
      const tree = buildTree(key(network), leaves);
      const file = proofsFile(key(network), Number(o.epoch), leaves, tree);
      writeProofsFile(o.out, file);
      return { epoch: file.epoch, root: file.root, total: file.total, leafCount: file.leafCount, depth: tree.depth, out: o.out };
    }));
  oracle.command("submit-root <network>").requiredOption("--proofs <file>").action(action(async ({ gw }, network: string, o: { proofs: string }) => {
    const { readProofsFile } = await import("../../rewards/merkle");
    const file = readProofsFile(o.proofs);
    const client = gw.oracle(key(network));
    const leaves = file.claims.map((c) => ({ operator: key(c.operator, "operator"), amount: BigInt(c.amount) }));
    const built = client.buildEpochTree(file.epoch, leaves);
    if (built.proofs.root !== file.root) throw new Error("the proofs file's root does not match its leaves");
    return { epoch: file.epoch, root: file.root, ...txRow(await client.submitRoot(built)) };
  }));
}
