import { Inconclusive } from "./verdicts";
import type { LinkHealth } from "./link-health";
/**
 * Before a scenario uses the link: at once when it is healthy; when it is lost, a probe if one is
 * due (LinkHealth.admit) and answered, else Inconclusive with when and why the link was lost,
 * without a byte sent.
 */
export async function admitToLink(
  health: LinkHealth,
  scenario: unknown,
  probe: () => Promise<void>,
  now: () => number = Date.now,
): Promise<void> {
  const admission = health.admit(scenario, now());
  if (admission.kind === "go") return;
  if (admission.kind === "probe") {
    // The probe's sessions report to `health` themselves; what it threw is already counted there.
    await probe().catch(() => undefined);
    if (health.state.kind === "healthy") return;
  }
  throw new Inconclusive(health.lossReport());
}
