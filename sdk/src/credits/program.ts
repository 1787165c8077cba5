// Anchor `Program` client for the credits program, typed by its IDL.
import { Program, Provider } from "@coral-xyz/anchor";
import { GroundworkCredits, GroundworkCreditsIdl } from "../idl/groundwork_credits";

export type CreditsProgram = Program<GroundworkCredits>;

export function creditsProgram(provider: Provider): CreditsProgram {
  return new Program<GroundworkCredits>(GroundworkCreditsIdl as unknown as GroundworkCredits, provider);
}
