// Account sizes from the IDLs (every account is fixed-size: 8-byte discriminator + fields) and
// their rent-exempt minimum, asked of the connection.
import * as fs from "fs";
import * as path from "path";
import { Connection } from "@solana/web3.js";

type IdlType = string | { array: [IdlType, number] } | { defined: { name: string } };
interface IdlField { name: string; type: IdlType }
interface IdlJson {
  metadata: { name: string };
  accounts?: { name: string }[];
  types?: { name: string; type: { kind: string; fields?: IdlField[] } }[];
}

const PRIMITIVE: Record<string, number> = { u8: 1, i8: 1, bool: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, u128: 16, i128: 16, pubkey: 32 };

function size(idl: IdlJson, ty: IdlType): number {
  if (typeof ty === "string") {
    const n = PRIMITIVE[ty];
    if (n === undefined) throw new Error(`${ty} has no fixed size`);
    return n;
  }
  if ("array" in ty) return size(idl, ty.array[0]) * ty.array[1];
  const def = idl.types?.find((t) => t.name === ty.defined.name);
  if (!def?.type.fields) throw new Error(`unknown type ${ty.defined.name}`);
  return def.type.fields.reduce((s, f) => s + size(idl, f.type), 0);
}

export function accountSizes(root: string): { program: string; account: string; bytes: number }[] {
  const out: { program: string; account: string; bytes: number }[] = [];
  for (const file of fs.readdirSync(path.join(root, "idl")).filter((f) => f.endsWith(".json")).sort()) {
    const idl = JSON.parse(fs.readFileSync(path.join(root, "idl", file), "utf8")) as IdlJson;
    for (const a of idl.accounts ?? []) {
      out.push({ program: idl.metadata.name, account: a.name, bytes: 8 + size(idl, { defined: { name: a.name } }) });
    }
  }
  return out;
}

export async function rentTable(connection: Connection, root: string) {
  const rows = [];
  for (const a of accountSizes(root)) rows.push({ ...a, lamports: await connection.getMinimumBalanceForRentExemption(a.bytes) });
  return rows;
}
