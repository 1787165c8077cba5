// migrations/publish-idl.ts (and `npm run deploy -- --publish-idl`): each program's IDL in its
// Program Metadata account, written by the upgrade authority, skipped when already published.
//
// What runs here and what cannot: the Program Metadata program itself is not in any package
// registry this project can use (its crate is unpublished, and no npm or crates.io package ships
// its bytes; docs/interop.md), so it is not on the embedded SVM. The tests therefore cover, on a
// program deployed through the upgradeable loader like `solana program deploy` does:
//  - the upgrade-authority checks (another signer, an immutable program);
//  - the planned write of an unpublished or outdated IDL: the transactions fit, the Program
//    Metadata instructions are signed by the upgrade authority and name the program and its
//    ProgramData, and their data rebuilds the zlib-compressed IDL byte for byte;
//  - that nothing is sent where the Program Metadata program is absent (a clear error);
//  - the skip of an IDL already published unchanged, and reading an IDL back, on a metadata
//    account in the program's layout as its own client encodes it;
//  - the rent of each program's metadata account.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import { Address, address, lamports as kitLamports } from "@solana/kit";
import {
  Compression, DataSource, Encoding, Format, findCanonicalPda, getInitializeDiscriminatorBytes, getInitializeInstructionDataDecoder, getWriteDiscriminatorBytes, getMetadataEncoder, getWriteInstructionDataDecoder, packDirectData,
} from "@solana-program/program-metadata";
import {
  IdlPublishError, METADATA_HEADER_LEN, PROGRAM_IDLS, PROGRAM_METADATA_PROGRAM_ID, canonicalJson, fetchPublishedIdl, idlAccountCost, idlMetadataAddress, idlText, publishIdl,
  upgradeAuthority,
} from "../../migrations/publish-idl";
import { createEmbeddedSvm, deployPath, EmbeddedSvm, groundworkPrograms } from "../../sdk/src/svm";
import { CREDITS_PROGRAM_ID, NETWORK_PROGRAM_ID } from "../../sdk/src/ids";
import { deployUpgradeable } from "../support/loader";

const ROOT = path.join(__dirname, "..", "..");
const keypair = (file: string) => Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(path.join(ROOT, "keys", file), "utf8")) as number[]));

async function expectPublishError(action: () => Promise<unknown>, code: string): Promise<IdlPublishError> {
  try {
    await action();
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(IdlPublishError);
    expect((e as IdlPublishError).code).to.equal(code);
    return e as IdlPublishError;
  }
  throw new Error(`expected IdlPublishError ${code}`);
}

describe("migrations/publish-idl: IDLs in the Program Metadata program [embedded-only: places accounts owned by the Program Metadata program, which is in no registry here and whose accounts no attacker can create]", function () {
  this.timeout(300_000);
  let env: EmbeddedSvm;
  const credits = idlText("credits");
  const sent = async () => (await env.connection.getSignaturesForAddress(env.payer.publicKey)).length;

  /** A metadata account holding `content` as the Program Metadata program writes it (its client's encoder). */
  function placeMetadata(programId: PublicKey, content: string): void {
    const packed = packDirectData({ content, compression: Compression.Zlib, encoding: Encoding.Utf8 });
    const data = getMetadataEncoder().encode({
      program: address(programId.toBase58()), authority: null, mutable: true, canonical: true, seed: "idl",
      encoding: packed.encoding, compression: packed.compression, format: Format.Json, dataSource: DataSource.Direct, dataLength: packed.data.length, data: packed.data,
    });
    env.svm.setAccount({
      address: idlMetadataAddress(programId).toBase58() as Address, data: Uint8Array.from(data), executable: false,
      lamports: kitLamports(BigInt(1_000_000_000)), programAddress: PROGRAM_METADATA_PROGRAM_ID.toBase58() as Address, space: BigInt(data.length),
    });
  }

  before(async () => {
    // The network program as the embedded SVM loads it (no upgrade authority); the credits
    // program deployed through the upgradeable loader at its localnet id, the wallet its authority.
    env = createEmbeddedSvm(groundworkPrograms().filter((p) => p.programId.equals(NETWORK_PROGRAM_ID)));
    await deployUpgradeable(env.provider, keypair("groundwork_credits-keypair.json"), deployPath("groundwork_credits", ROOT));
  });

  it("reads the upgrade authority from the program's ProgramData (none for an immutable program)", async () => {
    const c = await upgradeAuthority(env.connection, CREDITS_PROGRAM_ID);
    expect(c.authority?.toBase58()).to.equal(env.payer.publicKey.toBase58());
    expect(c.programData.toBase58()).to.equal(PublicKey.findProgramAddressSync([CREDITS_PROGRAM_ID.toBuffer()], new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111"))[0].toBase58());
    expect((await upgradeAuthority(env.connection, NETWORK_PROGRAM_ID)).authority).to.equal(null);
    await expectPublishError(() => upgradeAuthority(env.connection, Keypair.generate().publicKey), "PROGRAM_NOT_FOUND");
  });

  it("refuses a signer that is not the upgrade authority, and an immutable program, sending nothing", async () => {
    const before = await sent();
    const other = Keypair.generate();
    const stranger = new AnchorProvider(env.connection, new Wallet(other), { commitment: "confirmed" });
    const e = await expectPublishError(() => publishIdl(stranger, credits), "NOT_UPGRADE_AUTHORITY");
    expect(e.message).to.include(env.payer.publicKey.toBase58());
    await expectPublishError(() => publishIdl(env.provider, idlText("network")), "NOT_UPGRADEABLE");
    // An IDL whose address is not the program it is published for.
    await expectPublishError(() => publishIdl(env.provider, JSON.stringify({ ...JSON.parse(credits), address: undefined })), "IDL_ADDRESS_MISMATCH");
    expect(await sent()).to.equal(before);
  });

  it("plans an unpublished IDL's write: transactions that fit, signed by the upgrade authority, whose data is the zlib IDL", async () => {
    const plan = await publishIdl(env.provider, credits, { dryRun: true });
    expect(plan).to.include({ action: "created", dryRun: true });
    expect(plan.metadata.toBase58()).to.equal((await findCanonicalPda({ program: address(CREDITS_PROGRAM_ID.toBase58()), seed: "idl" }))[0]);
    const packed = packDirectData({ content: credits, compression: Compression.Zlib, encoding: Encoding.Utf8 }).data;
    expect(plan.dataLength).to.equal(packed.length);
    expect(plan.transactions.length).to.be.greaterThan(0);
    const programData = (await upgradeAuthority(env.connection, CREDITS_PROGRAM_ID)).programData;
    const written = Buffer.alloc(packed.length);
    let initialized = 0;
    for (const ixs of plan.transactions) {
      const tx = new Transaction({ feePayer: env.payer.publicKey, blockhash: "11111111111111111111111111111111", lastValidBlockHeight: 0 }).add(...ixs);
      expect(tx.serialize({ requireAllSignatures: false, verifySignatures: false }).length).to.be.at.most(1_232);
      for (const ix of ixs) {
        expect([PROGRAM_METADATA_PROGRAM_ID.toBase58(), SystemProgram.programId.toBase58()]).to.include(ix.programId.toBase58());
        if (!ix.programId.equals(PROGRAM_METADATA_PROGRAM_ID)) continue;
        // Every Program Metadata instruction is signed by the upgrade authority (the only signer).
        expect(ix.keys.filter((k) => k.isSigner).map((k) => k.pubkey.toBase58())).to.deep.equal([env.payer.publicKey.toBase58()]);
        expect(ix.keys[0].pubkey.toBase58()).to.equal(plan.metadata.toBase58());
        const kind = ix.data[0];
        if (kind === getWriteDiscriminatorBytes()[0]) {
          const w = getWriteInstructionDataDecoder().decode(ix.data);
          // Data in the instruction (not copied from a source buffer account).
          expect(w.data.__option).to.equal("Some");
          if (w.data.__option === "Some") Buffer.from(Uint8Array.from(w.data.value)).copy(written, w.offset);
        } else if (kind === getInitializeDiscriminatorBytes()[0]) {
          // initialize: program and ProgramData are its accounts, and the data's encoding and compression.
          const keys = ix.keys.map((k) => k.pubkey.toBase58());
          expect(keys).to.include.members([CREDITS_PROGRAM_ID.toBase58(), programData.toBase58()]);
          const init = getInitializeInstructionDataDecoder().decode(ix.data);
          expect(init).to.include({ seed: "idl", encoding: Encoding.Utf8, compression: Compression.Zlib, format: Format.Json, dataSource: DataSource.Direct });
          if (init.data.__option === "Some") Buffer.from(Uint8Array.from(init.data.value)).copy(written, 0);
          initialized++;
        }
      }
    }
    expect(initialized).to.equal(1);
    expect(written.equals(Buffer.from(packed))).to.equal(true, "the written chunks rebuild the zlib-compressed IDL");
  });

  it("sends nothing where the Program Metadata program is not deployed, and says so", async () => {
    const before = await sent();
    const e = await expectPublishError(() => publishIdl(env.provider, credits), "PROGRAM_METADATA_MISSING");
    expect(e.hint).to.include("--clone-upgradeable-program ProgM6JCCvbYkfKqJYHePx4xxSUSqJp7rh8Lyv7nk7S");
    expect(await sent()).to.equal(before);
    expect(await env.connection.getAccountInfo(idlMetadataAddress(CREDITS_PROGRAM_ID))).to.equal(null);
  });

  it("skips an IDL already published with the same content (even formatted differently), and reads it back", async () => {
    placeMetadata(CREDITS_PROGRAM_ID, JSON.stringify(JSON.parse(credits)));
    const fetched = await fetchPublishedIdl(env.connection, CREDITS_PROGRAM_ID);
    expect(canonicalJson(fetched!.content!)).to.equal(canonicalJson(credits));
    const before = await sent();
    const r = await publishIdl(env.provider, credits);
    expect(r).to.include({ action: "unchanged", dryRun: false });
    expect(r.transactions).to.deep.equal([]);
    expect(r.signatures).to.deep.equal([]);
    expect(await sent()).to.equal(before);
  });

  it("treats a different published IDL as an update: planned on a dry run, refused without the program", async () => {
    const older = JSON.parse(credits) as { metadata: { version: string } };
    older.metadata.version = "0.0.1";
    placeMetadata(CREDITS_PROGRAM_ID, JSON.stringify(older));
    const plan = await publishIdl(env.provider, credits, { dryRun: true });
    expect(plan.action).to.equal("updated");
    expect(plan.transactions.flat().some((ix) => ix.programId.equals(PROGRAM_METADATA_PROGRAM_ID))).to.equal(true);
    await expectPublishError(() => publishIdl(env.provider, credits), "PROGRAM_METADATA_MISSING");
  });

  it("costs each program's metadata account its rent: 96 bytes of header plus the zlib IDL", async () => {
    for (const program of PROGRAM_IDLS) {
      const text = idlText(program);
      const cost = await idlAccountCost(env.connection, text);
      expect(cost.space).to.equal(METADATA_HEADER_LEN + cost.dataLength);
      expect(cost.lamports).to.equal(await env.connection.getMinimumBalanceForRentExemption(cost.space));
      expect(cost.dataLength).to.be.lessThan(Buffer.byteLength(text) / 4);
      console.log(`      groundwork_${program}: IDL ${Buffer.byteLength(text)} bytes, zlib ${cost.dataLength} bytes, account ${cost.space} bytes, rent ${cost.lamports} lamports (${(cost.lamports / 1e9).toFixed(6)} SOL)`);
    }
  });

  it("npm run deploy -- --publish-idl: refuses the embedded SVM's programs (no upgrade authority) with a clear error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-publish-idl-"));
    const wallet = path.join(dir, "wallet.json");
    fs.writeFileSync(wallet, JSON.stringify(Array.from(Keypair.generate().secretKey)));
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "migrations", "deploy.ts"), "--publish-idl", "--create", "--url", `embedded:${path.join(dir, "state.json")}`, "--keypair", wallet],
      { cwd: ROOT, encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/error: .* is immutable \(no upgrade authority\)/);
  });
});
