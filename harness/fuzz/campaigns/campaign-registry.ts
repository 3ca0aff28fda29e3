import { ConfigError } from "../../errors";
import type { LinkKind } from "../../conformance/target";
import type { AnyCampaign } from "../campaign/campaign";
import { tableReadsCampaign, tableWritesCampaign } from "./table-request-campaigns";
import { procedureCampaign } from "./procedure-campaign";
import { transactionCampaign } from "./transaction-campaign";
import { linkFrameCampaign } from "./link-frame-campaign";
import { securityCampaign } from "./security-campaign";
import { sessionModelCampaign } from "./session-model-campaign";

/** Every campaign, by the name the command line and the features use. */
export const CAMPAIGNS: readonly AnyCampaign[] = [
  tableReadsCampaign,
  tableWritesCampaign,
  procedureCampaign,
  transactionCampaign,
  linkFrameCampaign,
  securityCampaign,
  sessionModelCampaign,
];

export function campaignNamed(name: string): AnyCampaign {
  const c = CAMPAIGNS.find((x) => x.name === name);
  if (c === undefined)
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `unknown fuzz campaign "${name}"; known: ${CAMPAIGNS.map((x) => x.name).join(", ")}`,
    );
  return c;
}

export function campaignsFor(link: LinkKind): AnyCampaign[] {
  return CAMPAIGNS.filter((c) => c.links.includes(link));
}
