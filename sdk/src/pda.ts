// Every PDA of the protocol, from one import. Each program's seeds live next to its client.
export * from "./network/pda";
export * from "./credits/pda";
export * from "./rewards/pda";
