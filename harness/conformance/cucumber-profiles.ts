import type { Link } from "../links/link-contract";
import { LINKS } from "../links/links";
import { parseTarget } from "./target";

/**
 * Cucumber's profiles (cucumber.js), made from the links: one per link, named after it, that runs
 * the features tagged with the link against OSGP_TARGET when it is a target of that link, else
 * against the link's built-in simulator; `default`, the features of OSGP_TARGET's link (the
 * optical port's when unset); `fuzz`, the fuzz campaigns (features/fuzz, tagged @fuzz) of
 * OSGP_TARGET's link, which no other profile runs.
 */
export function cucumberProfiles<C extends object>(
  common: C,
  envTarget: string,
): Record<string, C & { tags: string; worldParameters?: { target: string } }> {
  const own = envTarget === "" ? null : linkOfTarget(envTarget);
  const current = own ?? (LINKS[0] as Link);
  const profiles: Record<string, C & { tags: string; worldParameters?: { target: string } }> = {
    default: { ...common, tags: `${current.tag} and not @fuzz` },
    fuzz: { ...common, tags: `@fuzz and ${current.tag}` },
  };
  for (const link of LINKS) {
    profiles[link.kind] = {
      ...common,
      tags: `${link.tag} and not @fuzz`,
      worldParameters: { target: own === link ? envTarget : link.simulatorTarget },
    };
  }
  return profiles;
}

/** The link of a target text; a bare link name (`optical`, whose port the PIXIT gives) is that link's. */
function linkOfTarget(text: string): Link {
  return LINKS.find((l) => l.kind === text) ?? (LINKS.find((l) => l.kind === parseTarget(text).link) as Link);
}

/** The profile `osgp-conformance run` uses for a target of `link`. */
export function profileFor(link: Link, fuzz: boolean): string {
  return fuzz ? "fuzz" : link.kind;
}
