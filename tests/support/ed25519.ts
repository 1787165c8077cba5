// Ed25519SigVerify instructions built by hand, as an attacker would: several signatures, or offsets
// that make the runtime verify bytes of another instruction (tests of register_device's maker
// attestations, tests/network/attestation.test.ts and tests/adversarial/makers.test.ts).
import { Ed25519Program, Keypair, TransactionInstruction } from "@solana/web3.js";
import { ed25519Sign } from "../../sdk/src/reports/format";

/**
 * Ed25519SigVerify data for `sigs` (each: key, signature, message), every field read from this
 * instruction (index 0xFFFF). Layout as the runtime reads it: count, padding, 14-byte offsets per
 * signature, then key ‖ signature ‖ message per signature.
 */
export function ed25519Data(sigs: { key: Uint8Array; signature: Uint8Array; message: Uint8Array }[]): Buffer {
  const header = 2 + 14 * sigs.length;
  const body: Buffer[] = [];
  const offsets = Buffer.alloc(header);
  offsets[0] = sigs.length;
  let at = header;
  sigs.forEach((s, i) => {
    const keyAt = at;
    const sigAt = keyAt + 32;
    const msgAt = sigAt + 64;
    const o = 2 + 14 * i;
    offsets.writeUInt16LE(sigAt, o);
    offsets.writeUInt16LE(0xffff, o + 2);
    offsets.writeUInt16LE(keyAt, o + 4);
    offsets.writeUInt16LE(0xffff, o + 6);
    offsets.writeUInt16LE(msgAt, o + 8);
    offsets.writeUInt16LE(s.message.length, o + 10);
    offsets.writeUInt16LE(0xffff, o + 12);
    body.push(Buffer.from(s.key), Buffer.from(s.signature), Buffer.from(s.message));
    at = msgAt + s.message.length;
  });
  return Buffer.concat([offsets, ...body]);
}

export const ed25519Ix = (data: Buffer) => new TransactionInstruction({ programId: Ed25519Program.programId, keys: [], data });
export const signed = (by: Keypair, message: Uint8Array) => ({ key: by.publicKey.toBytes(), signature: new Uint8Array(ed25519Sign(by, message)), message });


/**
 * The offset-redirect attack: the runtime verifies `impostor`'s signature over `message` with the
 * key it reads from instruction `keyInstruction` at `keyOffset` (where the attacker put the
 * impostor's key), while the Ed25519 instruction's own data carries `claimed` at that offset for a
 * parser that ignores the instruction index.
 */
export function redirectedKey(impostor: Keypair, claimed: Uint8Array, message: Uint8Array, keyInstruction: number, keyOffset: number): TransactionInstruction {
  const sigAt = keyOffset + 32;
  const msgAt = sigAt + 64;
  const data = Buffer.alloc(msgAt + message.length);
  data[0] = 1;
  [sigAt, 0xffff, keyOffset, keyInstruction, msgAt, message.length, 0xffff].forEach((v, i) => data.writeUInt16LE(v, 2 + 2 * i));
  Buffer.from(claimed).copy(data, keyOffset);
  Buffer.from(ed25519Sign(impostor, message)).copy(data, sigAt);
  Buffer.from(message).copy(data, msgAt);
  return ed25519Ix(data);
}
