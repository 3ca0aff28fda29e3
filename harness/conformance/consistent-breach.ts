import type { LinkBreach, LinkJudgement } from "./c1218-link-checks";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

const ruleOf = (b: LinkBreach) => b.rule.replace(/\d+(\.\d+)?/g, "N");

/**
 * The verdict rule for what a single observation could owe to the line (a byte lost, a late
 * ACK): a breach FAILs only when a second, fresh observation breaks the same rule again (the same
 * sentence but for its numbers: frame indexes, counts and times differ between attempts). One
 * that does not come back is INCONCLUSIVE, with both observations named. Silence is a breach only
 * where the same observation has just shown the link alive (the device ACKed, or sent the very
 * packet it then fails to resend); silence throughout is undecided, never a FAIL.
 */
export async function judgeConsistently(
  observe: () => Promise<LinkJudgement>,
  evidence: (breach: LinkBreach, attempt: number) => Evidence[],
): Promise<void> {
  const first = await observe();
  if (first.breaches.length === 0) {
    if (first.undecided.length > 0)
      throw new Inconclusive(`the link check could not decide: ${first.undecided.join("; ")}`);
    return;
  }
  const second = await observe();
  const rules = (j: LinkJudgement) => j.breaches.map((b) => `  - ${b.rule}`).join("\n");
  const seenFirst = new Set(first.breaches.map(ruleOf));
  const repeated = second.breaches.filter((b) => seenFirst.has(ruleOf(b)));
  if (repeated.length > 0) {
    throw new ConformanceAssertionError(
      `${repeated[0]?.rule} (seen on two attempts)\nfirst attempt:\n${rules(first)}\nsecond attempt:\n${rules(second)}`,
      [...first.breaches.flatMap((b) => evidence(b, 1)), ...second.breaches.flatMap((b) => evidence(b, 2))],
    );
  }
  throw new Inconclusive(
    `a breach seen on a first attempt did not come back on a second, so it may have been the line's:\n${rules(first)}${second.breaches.length > 0 ? `\nsecond attempt, other breaches:\n${rules(second)}` : ""}${second.undecided.length > 0 ? `\nsecond attempt undecided: ${second.undecided.join("; ")}` : ""}`,
  );
}
