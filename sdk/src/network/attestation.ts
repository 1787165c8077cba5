// Maker attestations (docs/makers.md, "Stranded devices"): the maker's factory key signs, offline at
// manufacture, that a device key of a kind is its device in a network. The owner later onboards
// the device without the maker: an Ed25519SigVerify instruction carrying the attestation goes
// immediately before `register_device` (programs/network/src/attestation.rs reads it back).
import { Ed25519Program, Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import { ed25519Sign, ed25519Verify } from "../reports/format";

/** Domain-separation tag, first in every attestation message. */
export const ATTESTATION_TAG = "groundwork:maker-attestation:v1";
/** Message bytes: tag (31) ‖ network (32) ‖ device key (32) ‖ kind (u16 LE). */
export const ATTESTATION_MESSAGE_LEN = 97;
/** Encoded attestation bytes: maker key (32) ‖ signature (64) ‖ message (97). */
export const ATTESTATION_ENCODED_LEN = 32 + 64 + ATTESTATION_MESSAGE_LEN;

/** A maker's signed statement that `deviceKey` is a device of `kind` it built for `network`. */
export interface MakerAttestation {
  network: PublicKey;
  deviceKey: PublicKey;
  kind: number;
  /** The maker's factory key (its `Maker` account is `["maker", network, makerKey]`). */
  makerKey: PublicKey;
  /** ed25519 signature by `makerKey` over `attestationMessage(network, deviceKey, kind)`. */
  signature: Uint8Array;
}

/** Why an attestation cannot onboard a device, found before anything is sent. */
export type AttestationProblem = "malformed" | "bad-signature" | "wrong-network" | "wrong-device" | "wrong-kind" | "wrong-maker";

/** An attestation that does not fit the device being registered, or does not verify. */
export class MakerAttestationError extends Error {
  constructor(readonly problem: AttestationProblem, detail: string) {
    super(`maker attestation (${problem}): ${detail}`);
    this.name = "MakerAttestationError";
  }
}

function checkKind(kind: number): void {
  if (!Number.isInteger(kind) || kind < 0 || kind > 0xffff) throw new MakerAttestationError("malformed", `device kind must be 0–65535, not ${kind}`);
}

/** The exact bytes a maker signs for `deviceKey` of `kind` in `network`. */
export function attestationMessage(network: PublicKey, deviceKey: PublicKey, kind: number): Uint8Array {
  checkKind(kind);
  const m = Buffer.alloc(ATTESTATION_MESSAGE_LEN);
  m.write(ATTESTATION_TAG, 0, "ascii");
  network.toBuffer().copy(m, 31);
  deviceKey.toBuffer().copy(m, 63);
  m.writeUInt16LE(kind, 95);
  return new Uint8Array(m);
}

/**
 * The maker persona, offline: `factoryKey` attests `deviceKey` of `kind` for `network`. No
 * connection is needed; the result travels with the device (encode it with `encodeAttestation`).
 */
export function signAttestation(factoryKey: Keypair, network: PublicKey, deviceKey: PublicKey, kind: number): MakerAttestation {
  const signature = new Uint8Array(ed25519Sign(factoryKey, attestationMessage(network, deviceKey, kind)));
  return { network, deviceKey, kind, makerKey: factoryKey.publicKey, signature };
}

/** Whether the signature verifies (the program relies on the runtime's Ed25519SigVerify for this). */
export function attestationSignatureValid(a: MakerAttestation): boolean {
  return ed25519Verify(a.makerKey, attestationMessage(a.network, a.deviceKey, a.kind), a.signature);
}

/**
 * Checks `a` attests `deviceKey` of `kind` in `network` and verifies, throwing
 * `MakerAttestationError` naming the first mismatch (what `register_device` would reject).
 */
export function checkAttestation(a: MakerAttestation, network: PublicKey, deviceKey: PublicKey, kind: number): void {
  if (!a.network.equals(network)) throw new MakerAttestationError("wrong-network", `signed for network ${a.network.toBase58()}, not ${network.toBase58()}`);
  if (!a.deviceKey.equals(deviceKey)) throw new MakerAttestationError("wrong-device", `signed for device ${a.deviceKey.toBase58()}, not ${deviceKey.toBase58()}`);
  if (a.kind !== kind) throw new MakerAttestationError("wrong-kind", `signed for kind ${a.kind}, not ${kind}; ask the maker to attest this kind`);
  if (!attestationSignatureValid(a)) throw new MakerAttestationError("bad-signature", `the signature is not ${a.makerKey.toBase58()}'s over this attestation`);
}

/**
 * The Ed25519SigVerify instruction proving the attestation: one signature, its key, signature and
 * message in its own data (instruction index 0xFFFF). Put it immediately before `register_device`.
 */
export function attestationInstruction(a: MakerAttestation): TransactionInstruction {
  return Ed25519Program.createInstructionWithPublicKey({
    publicKey: a.makerKey.toBytes(),
    message: attestationMessage(a.network, a.deviceKey, a.kind),
    signature: a.signature,
  });
}

/** The attestation as bytes: maker key ‖ signature ‖ message (193 bytes). */
export function encodeAttestation(a: MakerAttestation): Uint8Array {
  const out = new Uint8Array(ATTESTATION_ENCODED_LEN);
  out.set(a.makerKey.toBytes(), 0);
  out.set(a.signature, 32);
  out.set(attestationMessage(a.network, a.deviceKey, a.kind), 96);
  return out;
}

/** Parses `encodeAttestation`'s bytes (checks the length and tag, not the signature). */
export function decodeAttestation(bytes: Uint8Array): MakerAttestation {
  if (bytes.length !== ATTESTATION_ENCODED_LEN) throw new MakerAttestationError("malformed", `expected ${ATTESTATION_ENCODED_LEN} bytes, got ${bytes.length}`);
  const b = Buffer.from(bytes);
  if (b.subarray(96, 127).toString("ascii") !== ATTESTATION_TAG) throw new MakerAttestationError("malformed", `the message does not start with ${ATTESTATION_TAG}`);
  return {
    makerKey: new PublicKey(b.subarray(0, 32)),
    signature: new Uint8Array(b.subarray(32, 96)),
    network: new PublicKey(b.subarray(127, 159)),
    deviceKey: new PublicKey(b.subarray(159, 191)),
    kind: b.readUInt16LE(191),
  };
}

/** The attestation as text: hex of `encodeAttestation` (386 characters). */
export function attestationToHex(a: MakerAttestation): string {
  return Buffer.from(encodeAttestation(a)).toString("hex");
}

/** Parses an attestation given as hex or base58 of `encodeAttestation`'s bytes. */
export function attestationFromText(text: string): MakerAttestation {
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length === 2 * ATTESTATION_ENCODED_LEN) return decodeAttestation(Buffer.from(t, "hex"));
  let bytes: Uint8Array;
  try {
    bytes = utils.bytes.bs58.decode(t);
  } catch {
    throw new MakerAttestationError("malformed", "expected the hex or base58 of an encoded attestation (`groundwork maker attest` prints one)");
  }
  return decodeAttestation(bytes);
}
