import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../errors";
import type { LinkKind } from "../../conformance/target";
import type { AnyCampaign } from "./campaign";
import type { CampaignReport } from "./campaign-report";
import { caseFromJson } from "./case-json";
import { executeCase, prepareState, type CaseRecord } from "./case-execution";
import type { FuzzDevice } from "./fuzz-device";

/**
 * Counterexamples kept as regression fixtures: one JSON file per finding, with the campaign, the
 * case (bytes as {"$hex": ...}), what was found and where (target, seed, path). The unit tests
 * replay every fixture against the built-in simulator (clean: no finding; with the defect it was
 * found on: the finding again), and the fuzz scenarios replay them against any device.
 *
 *   {
 *     "format": "osgp-conformance fuzz fixture 1",
 *     "campaign": "table-writes", "clauses": ["9.6", ...], "link": "optical",
 *     "finding": "after a write answered ok (0x00), ET03 holds ...",
 *     "foundOn": { "target": "sim+partial-write-offset-16-bit", "seed": 1, "path": "10:0:0:0" },
 *     "hex": "4f 08 03 00 ff ff 00 01 00 00", "decoded": "boundary: partial write ET03 offset 65535 ...",
 *     "case": { ... }
 *   }
 */
export const FIXTURE_FORMAT = "osgp-conformance fuzz fixture 1";
export const DEFAULT_FIXTURE_DIR = join(__dirname, "..", "..", "..", "features", "fuzz", "fixtures");

export interface Fixture {
  readonly format: typeof FIXTURE_FORMAT;
  readonly campaign: string;
  readonly clauses: readonly string[];
  /** The link the case is made for: a fixture replays on that link only. */
  readonly link: LinkKind;
  readonly finding: string;
  readonly foundOn: { readonly target: string; readonly seed: number; readonly path: string };
  readonly hex: string;
  readonly decoded: string;
  readonly case: unknown;
  /** The file it was read from (not stored). */
  readonly file?: string;
}

/** Writes a failed campaign's counterexample as a fixture; returns the file. */
export function saveFixture(report: CampaignReport, link: LinkKind, dir = DEFAULT_FIXTURE_DIR): string {
  const c = report.counterexample;
  if (report.verdict !== "fail" || c === null)
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `only a reproduced failure becomes a fixture; ${report.campaign} ended ${report.verdict}`,
    );
  const fixture: Fixture = {
    format: FIXTURE_FORMAT,
    campaign: report.campaign,
    clauses: report.clauses,
    link,
    finding: report.reason,
    foundOn: { target: report.target, seed: report.seed, path: c.path },
    hex: c.hex,
    decoded: c.decoded,
    case: c.json,
  };
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `${report.campaign}--${report.target.replace(/[^\w.-]+/g, "_")}--${report.seed}-${c.path.replace(/:/g, "_")}.json`,
  );
  writeFileSync(file, JSON.stringify(fixture, null, 2) + "\n");
  return file;
}

export function loadFixtures(dir = DEFAULT_FIXTURE_DIR): Fixture[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const json = JSON.parse(readFileSync(file, "utf8")) as Fixture;
      if (json.format !== FIXTURE_FORMAT)
        throw new ConfigError("OSGP_ERR_USAGE", `${file} is not a fuzz fixture (format "${String(json.format)}")`);
      return { ...json, file };
    });
}

/** Runs a fixture's case once, with its campaign's oracle and the health check. */
export async function replayFixture(campaign: AnyCampaign, fixture: Fixture, device: FuzzDevice): Promise<CaseRecord> {
  const state = await prepareState(campaign, device);
  const value = campaign.fromJson === undefined ? caseFromJson(fixture.case) : campaign.fromJson(fixture.case);
  try {
    return await executeCase(campaign, state, device, value, 0, "fixture");
  } finally {
    await campaign.finish?.(state.ctx, device).catch(() => undefined);
    await device.closeSession();
  }
}
