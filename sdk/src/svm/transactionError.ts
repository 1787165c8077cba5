// Translates LiteSVM's transaction errors into the JSON shape and the message text that an
// Agave RPC node returns, so that web3.js, Anchor and our SDK parse them unchanged.
import { FailedTransactionMetadata } from "litesvm";

// Order of Agave's `InstructionError` variants without fields (LiteSVM numbers them the same way).
const INSTRUCTION_ERROR_NAMES = [
  "GenericError", "InvalidArgument", "InvalidInstructionData", "InvalidAccountData",
  "AccountDataTooSmall", "InsufficientFunds", "IncorrectProgramId", "MissingRequiredSignature",
  "AccountAlreadyInitialized", "UninitializedAccount", "UnbalancedInstruction", "ModifiedProgramId",
  "ExternalAccountLamportSpend", "ExternalAccountDataModified", "ReadonlyLamportChange",
  "ReadonlyDataModified", "DuplicateAccountIndex", "ExecutableModified", "RentEpochModified",
  "NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable", "AccountBorrowFailed",
  "AccountBorrowOutstanding", "DuplicateAccountOutOfSync", "InvalidError", "ExecutableDataModified",
  "ExecutableLamportChange", "ExecutableAccountNotRentExempt", "UnsupportedProgramId", "CallDepth",
  "MissingAccount", "ReentrancyNotAllowed", "MaxSeedLengthExceeded", "InvalidSeeds", "InvalidRealloc",
  "ComputationalBudgetExceeded", "PrivilegeEscalation", "ProgramEnvironmentSetupFailure",
  "ProgramFailedToComplete", "ProgramFailedToCompile", "Immutable", "IncorrectAuthority",
  "AccountNotRentExempt", "InvalidAccountOwner", "ArithmeticOverflow", "UnsupportedSysvar",
  "IllegalOwner", "MaxAccountsDataAllocationsExceeded", "MaxAccountsExceeded",
  "MaxInstructionTraceLengthExceeded", "BuiltinProgramsMustConsumeComputeUnits", "BorshIoError",
] as const;

// Human text Agave prints for the common instruction errors (`Display` of InstructionError).
const INSTRUCTION_ERROR_TEXT: Record<string, string> = {
  GenericError: "generic instruction error",
  InvalidArgument: "invalid program argument",
  InvalidInstructionData: "invalid instruction data",
  InvalidAccountData: "invalid account data for instruction",
  AccountDataTooSmall: "account data too small for instruction",
  InsufficientFunds: "insufficient funds for instruction",
  IncorrectProgramId: "incorrect program id for instruction",
  MissingRequiredSignature: "missing required signature for instruction",
  AccountAlreadyInitialized: "instruction requires an uninitialized account",
  UninitializedAccount: "instruction requires an initialized account",
  NotEnoughAccountKeys: "insufficient account keys for instruction",
  InvalidAccountOwner: "Invalid account owner",
  ArithmeticOverflow: "Program arithmetic overflowed",
  PrivilegeEscalation: "Cross-program invocation with unauthorized signer or writable account",
  ComputationalBudgetExceeded: "Computational budget exceeded",
  ProgramFailedToComplete: "Program failed to complete",
  InvalidSeeds: "Provided seeds do not result in a valid address",
  ReadonlyDataModified: "instruction modified data of a read-only account",
  ReadonlyLamportChange: "instruction changed the balance of a read-only account",
  ExternalAccountDataModified: "instruction modified data of an account it does not own",
  ExternalAccountLamportSpend: "instruction spent from the balance of an account it does not own",
};

const TRANSACTION_ERROR_NAMES = [
  "AccountInUse", "AccountLoadedTwice", "AccountNotFound", "ProgramAccountNotFound",
  "InsufficientFundsForFee", "InvalidAccountForFee", "AlreadyProcessed", "BlockhashNotFound",
  "CallChainTooDeep", "MissingSignatureForFee", "InvalidAccountIndex", "SignatureFailure",
  "InvalidProgramForExecution", "SanitizeFailure", "ClusterMaintenance", "AccountBorrowOutstanding",
  "WouldExceedMaxBlockCostLimit", "UnsupportedVersion", "InvalidWritableAccount",
  "WouldExceedMaxAccountCostLimit", "WouldExceedAccountDataBlockLimit", "TooManyAccountLocks",
  "AddressLookupTableNotFound", "InvalidAddressLookupTableOwner", "InvalidAddressLookupTableData",
  "InvalidAddressLookupTableIndex", "InvalidRentPayingAccount", "WouldExceedMaxVoteCostLimit",
  "WouldExceedAccountDataTotalLimit", "MaxLoadedAccountsDataSizeExceeded", "ResanitizationNeeded",
  "InvalidLoadedAccountsDataSizeLimit", "UnbalancedTransaction", "ProgramCacheHitMaxLimit",
  "CommitCancelled",
] as const;

export type RpcTransactionError =
  | string
  | { InstructionError: [number, string | { Custom: number } | { BorshIoError: string }] }
  | { DuplicateInstruction: number }
  | { InsufficientFundsForRent: { account_index: number } };

export interface TranslatedError {
  /** The `err` value as JSON-RPC returns it. */
  json: RpcTransactionError;
  /** The text Agave puts after "Transaction simulation failed: ". */
  text: string;
}

type LiteSvmError = ReturnType<FailedTransactionMetadata["err"]>;

export function translateTransactionError(err: LiteSvmError): TranslatedError {
  if (typeof err === "number") {
    const name = TRANSACTION_ERROR_NAMES[err as number] ?? `TransactionError(${err})`;
    return { json: name, text: name };
  }
  if ("err" in err && typeof err.err === "function") {
    const index = err.index;
    const inner = err.err();
    if (typeof inner === "number") {
      const name = INSTRUCTION_ERROR_NAMES[inner as number] ?? `InstructionError(${inner})`;
      const text = INSTRUCTION_ERROR_TEXT[name] ?? name;
      return {
        json: { InstructionError: [index, name] },
        text: `Error processing Instruction ${index}: ${text}`,
      };
    }
    if ("code" in inner) {
      return {
        json: { InstructionError: [index, { Custom: inner.code }] },
        text: `Error processing Instruction ${index}: custom program error: 0x${inner.code.toString(16)}`,
      };
    }
    const detail = inner.toString();
    return {
      json: { InstructionError: [index, { BorshIoError: detail }] },
      text: `Error processing Instruction ${index}: Failed to serialize or deserialize account data: ${detail}`,
    };
  }
  if ("accountIndex" in err) {
    return {
      json: { InsufficientFundsForRent: { account_index: err.accountIndex } },
      text: `Transaction results in an account (${err.accountIndex}) with insufficient funds for rent`,
    };
  }
  if ("index" in err) {
    return {
      json: { DuplicateInstruction: err.index },
      text: `Transaction contains a duplicate instruction (${err.index}) that is not allowed`,
    };
  }
  return { json: String(err), text: String(err) };
}
