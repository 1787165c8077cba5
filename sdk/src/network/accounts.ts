// Typed reads of network-program accounts.
import { IdlAccounts } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { GroundworkNetwork } from "../idl/groundwork_network";
import { NetworkProgram } from "./program";
import { devicePda, operatorPda, slashProposalPda } from "./pda";

export type NetworkAccount = IdlAccounts<GroundworkNetwork>["network"];
export type OperatorAccount = IdlAccounts<GroundworkNetwork>["operator"];
export type DeviceAccount = IdlAccounts<GroundworkNetwork>["device"];
export type SlashProposalAccount = IdlAccounts<GroundworkNetwork>["slashProposal"];

export interface Keyed<T> {
  publicKey: PublicKey;
  account: T;
}

// Byte offsets (after the 8-byte discriminator) used by memcmp filters; see state.rs.
const DEVICE_NETWORK_OFFSET = 8;
const DEVICE_OPERATOR_OFFSET = 8 + 32;
const OPERATOR_NETWORK_OFFSET = 8;
const SLASH_NETWORK_OFFSET = 8;
const SLASH_OPERATOR_OFFSET = 8 + 32;

export function fetchNetwork(program: NetworkProgram, network: PublicKey): Promise<NetworkAccount> {
  return program.account.network.fetch(network);
}

/** The operator of `wallet` in `network`, or null when not registered. */
export function fetchOperator(program: NetworkProgram, network: PublicKey, wallet: PublicKey): Promise<OperatorAccount | null> {
  return program.account.operator.fetchNullable(operatorPda(network, wallet));
}

export function fetchDevice(program: NetworkProgram, network: PublicKey, deviceKey: PublicKey): Promise<DeviceAccount | null> {
  return program.account.device.fetchNullable(devicePda(network, deviceKey));
}

export function fetchSlashProposal(program: NetworkProgram, network: PublicKey, id: BN | number | bigint): Promise<SlashProposalAccount | null> {
  return program.account.slashProposal.fetchNullable(slashProposalPda(network, id));
}

/** Devices run by an operator account (active and inactive). */
export async function listOperatorDevices(program: NetworkProgram, network: PublicKey, operator: PublicKey): Promise<Keyed<DeviceAccount>[]> {
  return program.account.device.all([
    { memcmp: { offset: DEVICE_NETWORK_OFFSET, bytes: network.toBase58() } },
    { memcmp: { offset: DEVICE_OPERATOR_OFFSET, bytes: operator.toBase58() } },
  ]);
}

export function listOperators(program: NetworkProgram, network: PublicKey): Promise<Keyed<OperatorAccount>[]> {
  return program.account.operator.all([{ memcmp: { offset: OPERATOR_NETWORK_OFFSET, bytes: network.toBase58() } }]);
}

/** Slash proposals of a network, optionally only those against one operator account. */
export function listSlashProposals(program: NetworkProgram, network: PublicKey, operator?: PublicKey): Promise<Keyed<SlashProposalAccount>[]> {
  const filters = [{ memcmp: { offset: SLASH_NETWORK_OFFSET, bytes: network.toBase58() } }];
  if (operator) filters.push({ memcmp: { offset: SLASH_OPERATOR_OFFSET, bytes: operator.toBase58() } });
  return program.account.slashProposal.all(filters);
}
