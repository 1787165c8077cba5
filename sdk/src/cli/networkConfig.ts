// The network config file (`network create --file`): JSON with base58 keys, parsed into the SDK's
// NetworkConfig.
import type { NetworkConfig } from "../clients/team";
import { key } from "./args";

export function parseNetworkConfig(raw: Record<string, unknown>): NetworkConfig {
  const pk = (v: unknown, f: string) => key(String(v), f);
  const cfg = raw as unknown as NetworkConfig & { mint: string; treasury?: string; oracles: string[] };
  return {
    ...cfg,
    mint: pk(cfg.mint, "mint"),
    treasury: cfg.treasury ? pk(cfg.treasury, "treasury") : undefined,
    oracles: cfg.oracles.map((o) => pk(o, "oracle")),
    credits: cfg.credits ? { ...cfg.credits, priceUpdate: cfg.credits.priceUpdate ? pk(cfg.credits.priceUpdate, "priceUpdate") : undefined } : undefined,
  };
}
