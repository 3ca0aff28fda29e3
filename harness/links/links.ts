import { MEP_LINK } from "./mep/mep-link";
import { OPTICAL_LINK } from "./optical/optical-link";
import { PLC_LINK } from "./plc/plc-link";
import type { Link, LinkKind } from "./link-contract";

/** Every link the suite speaks; targets, cucumber's profiles and the usage text are made from this list. */
export const LINKS: readonly Link[] = [OPTICAL_LINK, MEP_LINK, PLC_LINK];

export function linkOf(kind: LinkKind): Link {
  return LINKS.find((l) => l.kind === kind) as Link;
}
