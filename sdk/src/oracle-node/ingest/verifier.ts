// ed25519 verification of a batch of reports across worker threads: signature checks are most of
// ingest's CPU, and one thread verifies a few thousand per second, so a batch is split over the
// machine's cores while the main thread keeps serving HTTP and the database. Small batches (and
// `threads: 0`) verify inline: a worker round trip costs more than a few verifications.
import { KeyObject, verify as edVerify } from "crypto";
import { Worker } from "worker_threads";
import { ed25519PublicKey } from "../../reports/format";

export interface SignedItem {
  message: Buffer;
  signature: Uint8Array;
  /** The signer's 32-byte ed25519 public key. */
  key: Uint8Array;
}

const INLINE_BELOW = 64;
const KEY_CACHE_LIMIT = 100_000;

// Plain JavaScript, evaluated as the worker's source (no TypeScript loader in workers).
const WORKER_SOURCE = `
const { parentPort } = require("worker_threads");
const { createPublicKey, verify } = require("crypto");
const SPKI = Buffer.from("302a300506032b6570032100", "hex");
let keys = new Map();
parentPort.on("message", (job) => {
  const n = job.lengths.length;
  const out = new Uint8Array(n);
  const msgs = Buffer.from(job.messages.buffer, job.messages.byteOffset, job.messages.byteLength);
  const sigs = Buffer.from(job.signatures.buffer, job.signatures.byteOffset, job.signatures.byteLength);
  const pubs = Buffer.from(job.keys.buffer, job.keys.byteOffset, job.keys.byteLength);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const len = job.lengths[i];
    const raw = pubs.subarray(i * 32, i * 32 + 32);
    const k = raw.toString("hex");
    let key = keys.get(k);
    if (!key) {
      if (keys.size >= ${KEY_CACHE_LIMIT}) keys = new Map();
      try { key = createPublicKey({ key: Buffer.concat([SPKI, raw]), format: "der", type: "spki" }); } catch { key = null; }
      keys.set(k, key);
    }
    try { out[i] = key && verify(null, msgs.subarray(at, at + len), key, sigs.subarray(i * 64, i * 64 + 64)) ? 1 : 0; } catch { out[i] = 0; }
    at += len;
  }
  parentPort.postMessage({ id: job.id, out }, [out.buffer]);
});
`;

interface Pending {
  resolve(out: Uint8Array): void;
  reject(e: Error): void;
}

export class SignatureVerifier {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy: number[] = [];
  private nextJob = 0;
  private readonly keys = new Map<string, KeyObject>();

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on("message", (m: { id: number; out: Uint8Array }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (--this.busy[i] === 0) w.unref();
        p?.resolve(m.out);
      });
      w.on("error", (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      // Idle workers do not keep the process alive; a worker with a job in flight does.
      w.unref();
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  private inline(items: SignedItem[]): boolean[] {
    return items.map((it) => {
      if (it.signature.length !== 64 || it.key.length !== 32) return false;
      const k = Buffer.from(it.key).toString("hex");
      let key = this.keys.get(k);
      if (!key) {
        if (this.keys.size >= KEY_CACHE_LIMIT) this.keys.clear();
        key = ed25519PublicKey(it.key);
        this.keys.set(k, key);
      }
      try {
        return edVerify(null, it.message, key, it.signature);
      } catch {
        return false;
      }
    });
  }

  private job(index: number, items: SignedItem[]): Promise<Uint8Array> {
    const worker = this.workers[index];
    const lengths = new Uint32Array(items.length);
    const messages = Buffer.allocUnsafe(items.reduce((s, it) => s + it.message.length, 0));
    const signatures = Buffer.alloc(items.length * 64);
    const keys = Buffer.alloc(items.length * 32);
    let at = 0;
    items.forEach((it, i) => {
      lengths[i] = it.message.length;
      at += it.message.copy(messages, at);
      if (it.signature.length === 64) signatures.set(it.signature, i * 64);
      if (it.key.length === 32) keys.set(it.key, i * 32);
    });
    const id = this.nextJob++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.busy[index]++ === 0) worker.ref();
      worker.postMessage({ id, lengths, messages, signatures, keys });
    });
  }

  /** Whether each item's signature is its key's over its message, in input order. */
  async verify(items: SignedItem[]): Promise<boolean[]> {
    if (this.workers.length === 0 || items.length < INLINE_BELOW) return this.inline(items);
    const per = Math.ceil(items.length / this.workers.length);
    const parts = await Promise.all(this.workers.map((_w, i) => {
      const slice = items.slice(i * per, (i + 1) * per);
      return slice.length ? this.job(i, slice) : Promise.resolve(new Uint8Array(0));
    }));
    const out: boolean[] = [];
    parts.forEach((p, i) => {
      const slice = items.slice(i * per, (i + 1) * per);
      // A malformed signature length never reaches a worker as valid.
      for (let k = 0; k < p.length; k++) out.push(p[k] === 1 && slice[k].signature.length === 64 && slice[k].key.length === 32);
    });
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
