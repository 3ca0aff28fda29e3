import { Inconclusive } from "../../conformance/verdicts";
import { CaseLog, type AnyCampaign, type LoggedExchange } from "./campaign";
import { isDeviceFault } from "./device-errors";
import type { FuzzDevice } from "./fuzz-device";
import { healthCheck, readHealthBaseline, type HealthBaseline } from "./health-check";

/**
 * One case from start to verdict: the campaign's anomaly and oracle, then the health check. An
 * error the device caused (no answer in time, a lost port, an answer that does not decode) is a
 * finding and leaves the session to be reopened; an error of the harness stops the campaign.
 */
export type Phase = "search" | "shrink" | "reproduce" | "replay" | "fixture";

export interface CaseRecord {
  readonly index: number;
  readonly phase: Phase;
  readonly ms: number;
  /** What is wrong; null when the case passed. */
  readonly finding: string | null;
  /** The case could not be judged (a precondition of the oracle failed). */
  readonly inconclusive: string | null;
  readonly hex: string;
  readonly decoded: string;
  /** The case as the campaign's toJson gives it, or as it is (byte arrays become hex when written). */
  readonly json: unknown;
  readonly exchanges: readonly LoggedExchange[];
  readonly notes: readonly string[];
}

/** What every case needs besides the case: the campaign's context and the device's known-good image. */
export interface CampaignState {
  ctx: unknown;
  baseline: HealthBaseline;
}

export async function prepareState(campaign: AnyCampaign, device: FuzzDevice): Promise<CampaignState> {
  const baseline = await readHealthBaseline(device, campaign.role);
  return { ctx: await campaign.prepare(device), baseline };
}

export async function executeCase(
  campaign: AnyCampaign,
  state: CampaignState,
  device: FuzzDevice,
  c: unknown,
  index: number,
  phase: Phase,
): Promise<CaseRecord> {
  const log = new CaseLog((b) => device.redactor.hex(b).hex);
  const t0 = performance.now();
  let finding: string | null = null;
  let inconclusive: string | null = null;
  try {
    finding = await campaign.run(c, state.ctx, device, log);
    finding ??= await healthCheck(device, campaign.role, state.baseline);
  } catch (e) {
    if (e instanceof Inconclusive) inconclusive = e.message;
    else if (isDeviceFault(e)) {
      device.markBroken();
      finding = `the device stopped answering or answered what cannot be read: ${e.message}`;
    } else throw e;
  }
  const d = campaign.describe(c);
  const json = campaign.toJson === undefined ? c : campaign.toJson(c);
  // A finding quotes the device's error, which may quote bytes: the record is clean before anything shows it.
  const scrub = (text: string) => device.redactor.scrub(text);
  const clean = (text: string | null) => (text === null ? null : scrub(text));
  return {
    index,
    phase,
    ms: performance.now() - t0,
    finding: clean(finding),
    inconclusive: clean(inconclusive),
    hex: scrub(d.hex),
    decoded: scrub(d.decoded),
    json,
    exchanges: log.exchanges,
    notes: log.notes.map(scrub),
  };
}

/**
 * After a finding: a fresh device, and the campaign's context read again; false when the device does
 * not come back. The known-good image stays the first one: a device must never change it.
 */
export async function recover(campaign: AnyCampaign, state: CampaignState, device: FuzzDevice): Promise<boolean> {
  try {
    await device.refresh();
    await readHealthBaseline(device, campaign.role);
    state.ctx = await campaign.prepare(device);
    return true;
  } catch (e) {
    if (e instanceof Inconclusive || isDeviceFault(e)) return false;
    throw e;
  }
}
