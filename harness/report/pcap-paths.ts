import { basename, join } from "node:path";

/**
 * Where a scenario's PLC capture goes: reports/pcap/<target>/<feature>--<scenario>.pcap, names made
 * safe for any file system. A lab finds the capture of a failed scenario by its name; the Allure
 * result carries the same file as an attachment.
 */
export const PCAP_DIR = "pcap";

export function pcapPathFor(reportsDir: string, target: string, featureUri: string, scenario: string): string {
  return join(reportsDir, PCAP_DIR, `${scenarioFileStem(target, featureUri, scenario)}.pcap`);
}

/** "<target>/<feature>--<scenario>": a scenario's files (its pcap, its trace in a bundle) share one name. */
export function scenarioFileStem(target: string, featureUri: string, scenario: string): string {
  const feature = basename(featureUri).replace(/\.feature$/, "");
  return `${slug(target)}/${slug(feature)}--${slug(scenario)}`;
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return (s === "" ? "unnamed" : s).slice(0, 80);
}
