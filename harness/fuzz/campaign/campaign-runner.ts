import fc from "fast-check";
import { Inconclusive } from "../../conformance/verdicts";
import { NotApplicable, type AnyCampaign } from "./campaign";
import { executeCase, prepareState, recover, type CampaignState, type CaseRecord, type Phase } from "./case-execution";
import { isDeviceFault } from "./device-errors";
import type { FuzzDevice } from "./fuzz-device";
import { formatReport, type CampaignReport } from "./campaign-report";
import { formatReplay, type ReplaySpec } from "./replay-spec";
import { ResultStore } from "./result-store";
import { caseToJson } from "./case-json";

/**
 * Runs a campaign against the device under test with fast-check:
 *
 *  1. search: cases from the seed until the budget, the case limit or the first finding;
 *  2. shrink: fast-check replays the failing case from its path (the first reproduction) and
 *     shrinks it, each smaller candidate on a fresh device, within the shrink allowance;
 *  3. reproduce: the shrunk case once more on a fresh device. Only a finding that reproduces is a
 *     FAIL; otherwise the original case is tried again too, and failing that the verdict is
 *     inconclusive with both attempts shown.
 *
 * `--replay SEED:PATH` skips 1 and 2: the one case at that path, then its reproduction. Every case
 * is written to disk as it ends (result-store.ts); progress goes to `progress` every few seconds.
 */
export interface CampaignOptions {
  readonly seed: number;
  readonly budgetMs: number;
  readonly maxCases: number;
  readonly replay: ReplaySpec | null;
  readonly reportsDir: string;
  readonly targetText: string;
  readonly pixitFile?: string | null;
  /** Time allowed for shrinking after the first finding (default: half the budget, at least 10 s). */
  readonly shrinkMs?: number;
  readonly progress?: (line: string) => void;
  readonly progressEveryMs?: number;
}

export async function runCampaign(
  campaign: AnyCampaign,
  device: FuzzDevice,
  o: CampaignOptions,
): Promise<CampaignReport> {
  const store = new ResultStore(o.reportsDir, campaign.name, o.targetText, new Date(), device.redactor);
  const seed = o.replay?.seed ?? o.seed;
  const t0 = performance.now();
  const counts = { cases: 0, findings: 0 };
  let lastProgress = t0;
  const base = {
    campaign: campaign.name,
    title: campaign.title,
    clauses: campaign.clauses,
    target: o.targetText,
    pixitFile: o.pixitFile ?? null,
    device: device.description,
    seed,
    budgetMs: o.budgetMs,
    maxCases: o.maxCases,
    dir: store.dir,
  };
  const finish = (
    r: Omit<CampaignReport, keyof typeof base | "cases" | "findings" | "elapsedMs" | "sessionsOpened">,
  ): CampaignReport => {
    const report: CampaignReport = {
      ...base,
      ...r,
      reason: device.redactor.scrub(r.reason),
      ...counts,
      elapsedMs: performance.now() - t0,
      sessionsOpened: device.sessionsOpened,
    };
    store.writeJson("summary.json", report);
    store.writeText("summary.txt", formatReport(report));
    return report;
  };

  let state: CampaignState;
  try {
    state = await prepareState(campaign, device);
  } catch (e) {
    if (e instanceof NotApplicable)
      return finish({ verdict: "not applicable", reason: e.message, counterexample: null, attempts: [] });
    if (!(e instanceof Inconclusive) && !isDeviceFault(e)) throw e;
    return finish({
      verdict: "inconclusive",
      reason: `the campaign could not start: ${(e as Error).message}`,
      counterexample: null,
      attempts: [],
    });
  }

  let phase: Phase = o.replay === null ? "search" : "replay";
  let deviceLost = false;
  let first: { value: unknown; record: CaseRecord; searchRun: number } | null = null;
  let searchRuns = 0;
  const run = async (value: unknown, p: Phase): Promise<CaseRecord> => {
    const record = await executeCase(campaign, state, device, value, counts.cases++, p);
    store.appendCase(record);
    if (record.finding !== null) counts.findings++;
    const now = performance.now();
    if (o.progress !== undefined && now - lastProgress >= (o.progressEveryMs ?? 2000)) {
      lastProgress = now;
      const s = (now - t0) / 1000;
      o.progress(
        `fuzz ${campaign.name}: ${counts.cases} cases, ${counts.findings} finding(s), ${s.toFixed(1)} s of ${(o.budgetMs / 1000).toFixed(0)} s (${phase}), ${Math.round(counts.cases / s)} cases/s`,
      );
    }
    return record;
  };
  // fast-check's time limit returns while a case may still be running: each check waits for it,
  // so that no case runs beside the next phase or after the device is closed.
  let inflight: Promise<unknown> = Promise.resolve();
  const body = async (value: unknown): Promise<boolean> => {
    // A device that did not come back leaves the first finding as the counterexample: nothing smaller
    // can be tried. A replay runs its one case only (fast-check would go on to the case's siblings).
    if (deviceLost || (phase === "replay" && counts.cases > 0)) return true;
    const searchRun = phase === "search" ? searchRuns++ : -1;
    const record = await run(value, phase);
    if (record.finding === null) return true;
    first ??= { value, record, searchRun };
    deviceLost = !(await recover(campaign, state, device));
    return false;
  };
  const property = fc.asyncProperty(campaign.arbitrary(state.ctx) as fc.Arbitrary<unknown>, (value: unknown) => {
    const p = body(value);
    inflight = p.catch(() => undefined);
    return p;
  });
  const check = async (params: fc.Parameters<[unknown]>): Promise<fc.RunDetails<[unknown]>> => {
    const details = await fc.check(property, params);
    await inflight;
    return details;
  };

  try {
    let details: fc.RunDetails<[unknown]>;
    let searchPath = o.replay?.path ?? "0";
    if (o.replay !== null) {
      details = await check({ seed, path: o.replay.path, endOnFailure: true });
    } else {
      details = await check({ seed, numRuns: o.maxCases, endOnFailure: true, plugins: [timeLimit(o.budgetMs)] });
      // A case still running when the budget ran out may have found something fast-check never
      // saw: its path is its run's number.
      const late = first as { searchRun: number } | null;
      searchPath = details.counterexamplePath ?? (late === null ? searchPath : String(late.searchRun));
      if ((details.failed || late !== null) && !deviceLost) {
        phase = "shrink";
        const shrinkMs = o.shrinkMs ?? Math.max(10_000, o.budgetMs / 2);
        const shrunk = await check({ seed, path: searchPath, plugins: [timeLimit(shrinkMs)] });
        if (shrunk.failed) details = shrunk;
      }
    }
    const found = first as { value: unknown; record: CaseRecord } | null;
    if (found === null) {
      if (counts.cases === 0)
        return finish({ verdict: "inconclusive", reason: "no case ran", counterexample: null, attempts: [] });
      const why =
        o.replay !== null
          ? "the replayed case gave no finding"
          : `${counts.cases} case(s) without a finding${details.interrupted ? ` (budget of ${(o.budgetMs / 1000).toFixed(1)} s used)` : ""}`;
      return finish({ verdict: "pass", reason: why, counterexample: null, attempts: [] });
    }
    const shrunkValue = details.failed ? (details.counterexample as [unknown])[0] : found.value;
    const path = details.failed ? (details.counterexamplePath ?? searchPath) : searchPath;
    phase = "reproduce";
    const attempts = [{ label: "found", finding: found.record.finding, exchanges: found.record.exchanges }];
    const verdictFor = async (value: unknown, label: string): Promise<CaseRecord | null> => {
      if (!(await recover(campaign, state, device))) return null;
      const again = await run(value, "reproduce");
      attempts.push({ label, finding: again.finding, exchanges: again.exchanges });
      return again;
    };
    let again = await verdictFor(shrunkValue, "reproduction on a fresh device");
    let counter = { value: shrunkValue, path };
    if (again !== null && again.finding === null && shrunkValue !== found.value) {
      again = await verdictFor(found.value, "the original case, on a fresh device");
      counter = { value: found.value, path: searchPath };
    }
    const rec = again ?? found.record;
    const counterexample = {
      path: counter.path,
      replay: formatReplay(seed, counter.path),
      json: caseToJson(rec.json),
      hex: rec.hex,
      decoded: rec.decoded,
    };
    if (again !== null && again.finding !== null)
      return finish({ verdict: "fail", reason: again.finding, counterexample, attempts });
    const why =
      again === null
        ? "the device did not come back after the finding, so it could not be reproduced"
        : "the finding did not reproduce on a fresh device";
    return finish({
      verdict: "inconclusive",
      reason: `${why}: first ${found.record.finding}`,
      counterexample,
      attempts,
    });
  } finally {
    await campaign.finish?.(state.ctx, device).catch(() => undefined);
    await device.closeSession();
  }
}

function timeLimit(ms: number): fc.Plugin<[unknown]> {
  return fc.interruptAfterTimeLimit(ms) as fc.Plugin<[unknown]>;
}
