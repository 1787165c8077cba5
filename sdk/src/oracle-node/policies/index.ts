export * from "./policy";
export * from "./common";
export * from "./uptime";
export * from "./coverage";
export * from "./work";
export * from "./registry";
