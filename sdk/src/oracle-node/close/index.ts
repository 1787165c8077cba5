export * from "./emission";
export * from "./archive";
export * from "./close";
