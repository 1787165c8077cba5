// An instruction carrying an enum byte no variant has: the programs must reject such bytes
// (a client other than Anchor's can send any), but a typed builder cannot encode them.
import { TransactionInstruction } from "@solana/web3.js";

/**
 * `build(variants[0])` with its enum argument's byte replaced by `raw`. The byte is the one
 * where the builds for the two variants differ, so no offset is hard-coded.
 */
export async function withRawEnumByte<N>(build: (variant: N) => Promise<TransactionInstruction>, variants: [N, N], raw: number): Promise<TransactionInstruction> {
  const [a, b] = await Promise.all(variants.map(build));
  const differing = [...a.data.keys()].filter((i) => a.data[i] !== b.data[i]);
  if (a.data.length !== b.data.length || differing.length !== 1) throw new Error(`the two variants' instructions differ in ${differing.length} bytes, not one enum byte`);
  const data = Buffer.from(a.data);
  data[differing[0]] = raw;
  return new TransactionInstruction({ programId: a.programId, keys: a.keys, data });
}
