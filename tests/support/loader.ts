// Deploys a program as `solana program deploy` does: through the upgradeable BPF loader, with a
// buffer written in chunks, so that the program has a ProgramData account and an upgrade
// authority (the embedded SVM's `addProgram` loads programs without one).
import * as fs from "fs";
import { AnchorProvider } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram, SYSVAR_CLOCK_PUBKEY, SYSVAR_RENT_PUBKEY, Transaction, TransactionInstruction } from "@solana/web3.js";

export const UPGRADEABLE_LOADER_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
const BUFFER_HEADER = 37; // UpgradeableLoaderState::Buffer: tag u32, Option<Pubkey> authority
const PROGRAM_SIZE = 36; // UpgradeableLoaderState::Program: tag u32, programdata address
const CHUNK = 900; // bytes of program per Write, within a 1,232-byte transaction

const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };

/** Deploys the SBPF file `so` at `program`'s address; the provider's wallet pays and is the upgrade authority. */
export async function deployUpgradeable(provider: AnchorProvider, program: Keypair, so: string): Promise<PublicKey> {
  const elf = fs.readFileSync(so);
  const authority = provider.wallet.publicKey;
  const connection = provider.connection;
  const buffer = Keypair.generate();
  const rent = (space: number) => connection.getMinimumBalanceForRentExemption(space);
  await provider.sendAndConfirm(new Transaction().add(
    SystemProgram.createAccount({ fromPubkey: authority, newAccountPubkey: buffer.publicKey, space: BUFFER_HEADER + elf.length, lamports: await rent(BUFFER_HEADER + elf.length), programId: UPGRADEABLE_LOADER_ID }),
    new TransactionInstruction({ programId: UPGRADEABLE_LOADER_ID, keys: [{ pubkey: buffer.publicKey, isSigner: false, isWritable: true }, { pubkey: authority, isSigner: false, isWritable: false }], data: u32(0) }),
  ), [buffer]);
  for (let offset = 0; offset < elf.length; offset += CHUNK) {
    const bytes = elf.subarray(offset, offset + CHUNK);
    await provider.sendAndConfirm(new Transaction().add(new TransactionInstruction({
      programId: UPGRADEABLE_LOADER_ID,
      keys: [{ pubkey: buffer.publicKey, isSigner: false, isWritable: true }, { pubkey: authority, isSigner: true, isWritable: false }],
      data: Buffer.concat([u32(1), u32(offset), u64(bytes.length), bytes]),
    })));
  }
  const [programData] = PublicKey.findProgramAddressSync([program.publicKey.toBuffer()], UPGRADEABLE_LOADER_ID);
  await provider.sendAndConfirm(new Transaction().add(
    SystemProgram.createAccount({ fromPubkey: authority, newAccountPubkey: program.publicKey, space: PROGRAM_SIZE, lamports: await rent(PROGRAM_SIZE), programId: UPGRADEABLE_LOADER_ID }),
    new TransactionInstruction({
      programId: UPGRADEABLE_LOADER_ID,
      keys: [
        { pubkey: authority, isSigner: true, isWritable: true },
        { pubkey: programData, isSigner: false, isWritable: true },
        { pubkey: program.publicKey, isSigner: false, isWritable: true },
        { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
        { pubkey: SYSVAR_RENT_PUBKEY, isSigner: false, isWritable: false },
        { pubkey: SYSVAR_CLOCK_PUBKEY, isSigner: false, isWritable: false },
        { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
        { pubkey: authority, isSigner: true, isWritable: false },
      ],
      data: Buffer.concat([u32(2), u64(elf.length)]),
    }),
  ), [program]);
  return programData;
}
