// The SDK's names of the programs' IDL enums: the same variants in the same order as the IDLs
// (an account's u8 field is an index into them), and the conversions to and from Anchor's form.
import { expect } from "chai";
import { GroundworkNetworkIdl } from "../../sdk/src/idl/groundwork_network";
import { GroundworkCreditsIdl } from "../../sdk/src/idl/groundwork_credits";
import { GroundworkRewardsIdl } from "../../sdk/src/idl/groundwork_rewards";
import { enumValue, variantName, variantNameAt } from "../../sdk/src/enums";
import { GOVERNANCE_KIND, SLASH_DESTINATIONS, SLASH_STATUSES, slashDestinationOf, slashStatusOf } from "../../sdk/src/network/instructions";
import { PRICE_MODES, priceModeOf } from "../../sdk/src/credits/instructions";
import { FUNDING_MODES, fundingModeOf } from "../../sdk/src/rewards/instructions";

type IdlTypes = { types: readonly { name: string; type: { kind: string; variants?: readonly { name: string }[] } }[] };
const variantsOf = (idl: IdlTypes, name: string): string[] => {
  const t = idl.types.find((d) => d.name === name);
  if (!t || t.type.kind !== "enum") throw new Error(`the IDL has no enum ${name}`);
  return t.type.variants!.map((v) => v.name.toLowerCase());
};

describe("sdk: IDL enums by name", () => {
  it("lists each enum's variants in the IDL's order", () => {
    expect(SLASH_DESTINATIONS).to.deep.equal(variantsOf(GroundworkNetworkIdl, "SlashDestination"));
    expect(SLASH_STATUSES).to.deep.equal(variantsOf(GroundworkNetworkIdl, "SlashStatus"));
    expect(Object.values(GOVERNANCE_KIND)).to.deep.equal(variantsOf(GroundworkNetworkIdl, "GovernanceChangeKind"));
    expect(PRICE_MODES).to.deep.equal(variantsOf(GroundworkCreditsIdl, "PriceMode"));
    expect(FUNDING_MODES).to.deep.equal(variantsOf(GroundworkRewardsIdl, "FundingMode"));
  });

  it("names an account's enum byte, and refuses a byte no variant has", () => {
    expect([slashDestinationOf(0), slashDestinationOf(1)]).to.deep.equal(["treasury", "burn"]);
    expect(slashStatusOf(3)).to.equal("vetoed");
    expect(priceModeOf(1)).to.equal("oracle");
    expect(fundingModeOf(0)).to.equal("mint");
    expect(() => slashDestinationOf(2)).to.throw("2 is no variant of [treasury, burn]");
    expect(() => variantNameAt(PRICE_MODES, -1)).to.throw();
  });

  it("converts a name to Anchor's enum value and back", () => {
    expect(enumValue("burn")).to.deep.equal({ burn: {} });
    expect(variantName({ oracles: {} })).to.equal("oracles");
    // Anchor's decoded type marks the other variants as optional `undefined` keys.
    expect(variantName({ treasury: undefined, params: {} })).to.equal("params");
    expect(() => variantName({})).to.throw("not a decoded enum variant");
  });
});
