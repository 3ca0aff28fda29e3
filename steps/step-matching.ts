import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";

/**
 * Where a step's arguments start and end, from the engine's own match indices. Cucumber matches
 * every step of every scenario against the step definitions before the run starts, and a match
 * builds its arguments from cucumber-expressions' TreeRegexp, which takes their offsets from the
 * regexp-match-indices polyfill (for engines without them): on every successful match it rebuilds
 * and compiles a measuring copy of the definition's expression, which it parses first. That was a
 * tenth of a catalogue run's CPU time. Node 20 has the match indices of ECMAScript 2022 (the `d`
 * flag), which the polyfill stands in for: the same groups, values and offsets, in one native match
 * (test/steps/step-matching.test.ts holds the two to each other), except for a group that a
 * quantifier repeats, which the polyfill placed at its first repetition and the engine places at
 * its last, the one whose text it holds; no expression of the suite has such a group. Cucumber loads
 * this file with the step definitions, before it matches any step.
 */

/** What a TreeRegexp has that the match reads (cucumber-expressions' TreeRegexp.ts). */
export interface TreeRegexpParts {
  readonly regexp: RegExp;
  readonly groupBuilder: { build(match: RegExpExecArray, nextGroupIndex: () => number): unknown };
}

/** Each definition's expression with the `d` flag, made on its first match. */
const withIndices = new WeakMap<RegExp, RegExp>();

/** TreeRegexp.match, with the engine's indices. */
export function matchWithIndices(this: TreeRegexpParts, text: string): unknown {
  let re = withIndices.get(this.regexp);
  if (re === undefined) withIndices.set(this.regexp, (re = new RegExp(this.regexp.source, `${this.regexp.flags}d`)));
  const match = re.exec(text);
  if (match === null) return null;
  let group = 0;
  return this.groupBuilder.build(match, () => group++);
}

/** The TreeRegexp behind a Cucumber Expression (a private field of the class). */
export function treeRegexpOf(expression: CucumberExpression): TreeRegexpParts {
  return (expression as unknown as { treeRegexp: TreeRegexpParts }).treeRegexp;
}

const treeRegexp = Object.getPrototypeOf(treeRegexpOf(new CucumberExpression("a step", new ParameterTypeRegistry())));
(treeRegexp as { match: typeof matchWithIndices }).match = matchWithIndices;
