// Anchor `Program` clients for the three programs, typed by their IDLs.
import { Program, Provider } from "@coral-xyz/anchor";
import { GroundworkNetwork, GroundworkNetworkIdl } from "../idl/groundwork_network";

export type NetworkProgram = Program<GroundworkNetwork>;

export function networkProgram(provider: Provider): NetworkProgram {
  return new Program<GroundworkNetwork>(GroundworkNetworkIdl as unknown as GroundworkNetwork, provider);
}
