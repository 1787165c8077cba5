// The batch signature verifier: worker threads give the same answers as the main thread, for good
// signatures, forged ones, wrong keys and malformed lengths, in input order.
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { SignatureVerifier, SignedItem } from "../../sdk/src/oracle-node/ingest/verifier";
import { signReport, encodeReportMessage } from "../../sdk/src/reports/format";

describe("oracle node: batch signature verification", () => {
  it("workers and the main thread agree on every item, in order", async () => {
    const keys = Array.from({ length: 7 }, () => Keypair.generate());
    const network = Keypair.generate().publicKey;
    const items: SignedItem[] = [];
    const expected: boolean[] = [];
    for (let i = 0; i < 300; i++) {
      const r = signReport(keys[i % 7], { network, epoch: 1, timestamp: i, payload: { kind: "heartbeat" } });
      const message = encodeReportMessage(r);
      switch (i % 5) {
        case 0: items.push({ message, signature: r.signature, key: r.device.toBytes() }); expected.push(true); break;
        case 1: { const m = Buffer.from(message); m[100] ^= 1; items.push({ message: m, signature: r.signature, key: r.device.toBytes() }); expected.push(false); break; }
        case 2: items.push({ message, signature: r.signature, key: keys[(i + 1) % 7].publicKey.toBytes() }); expected.push(false); break;
        case 3: items.push({ message, signature: r.signature.subarray(0, 63), key: r.device.toBytes() }); expected.push(false); break;
        default: items.push({ message, signature: r.signature, key: r.device.toBytes() }); expected.push(true);
      }
    }
    const inline = new SignatureVerifier(0);
    const pooled = new SignatureVerifier(2);
    try {
      expect(await inline.verify(items)).to.deep.equal(expected);
      expect(await pooled.verify(items)).to.deep.equal(expected);
      // Below the inline threshold the pool verifies on the main thread, with the same answers.
      expect(await pooled.verify(items.slice(0, 10))).to.deep.equal(expected.slice(0, 10));
    } finally {
      await inline.close();
      await pooled.close();
    }
  });
});
