import { isDeclarationBreach } from "../provisional-layouts";
import { ConformanceAssertionError, Inconclusive } from "../verdicts";
import { picsItem } from "./pics-items";

/**
 * The verdict of a scenario that runs only because an option no PICS declares took its assumed value
 * (pics-items.ts): its FAIL cannot tell a breach from a device that made the other choice the spec
 * leaves it, so it is inconclusive, saying what would have failed and which option to declare. A
 * declared option, or one the run settles otherwise (`settledBy`), leaves the verdict as it is; so
 * does a clause gate's FAIL, which rests on what BT00 declares, not on the option.
 */
export function assumedOptionVerdict(verdict: Error, assumed: readonly string[]): Error {
  if (!(verdict instanceof ConformanceAssertionError) || isDeclarationBreach(verdict) || assumed.length === 0)
    return verdict;
  const options = assumed.map((id) => `${id} (${picsItem(id)?.assumed === true ? "yes" : "no"})`).join(", ");
  return new Inconclusive(
    `would FAIL, but the scenario ran on the assumed value of ${options}, which no PICS declares (declare it in the PICS file): ${verdict.message}`,
  );
}
