import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CucumberExpression,
  ParameterType,
  ParameterTypeRegistry,
  RegularExpression,
} from "@cucumber/cucumber-expressions";
import polyfillExec from "regexp-match-indices";
import { matchWithIndices, treeRegexpOf, type TreeRegexpParts } from "../../steps/step-matching";

const registry = new ParameterTypeRegistry();
// The suite's own kinds of parameter: an optional prefix, a list of names, a quoted name.
registry.defineParameterType(new ParameterType("table", /(?:pending )?[BE]T\d{1,4}/, null, (s) => s, true, false));
registry.defineParameterType(new ParameterType("role", /master|provisioning|reader/, null, (s) => s, true, false));
registry.defineParameterType(new ParameterType("quoted", /"(?:insufficientKey|busy)"/, null, (s) => s, false, false));

function treeRegexpOfRegExp(regexp: RegExp): TreeRegexpParts {
  return (new RegularExpression(regexp, registry) as unknown as { treeRegexp: TreeRegexpParts }).treeRegexp;
}

/** Each expression and texts it matches, some with optional parts left out, and one it does not. */
const CASES: { readonly tree: TreeRegexpParts; readonly texts: readonly string[] }[] = [
  {
    tree: treeRegexpOf(new CucumberExpression("the harness reads {table} at offset {int} with count {int}", registry)),
    texts: [
      "the harness reads BT01 at offset 3 with count 4",
      "the harness reads pending ET54 at offset -1 with count 0",
    ],
  },
  {
    tree: treeRegexpOf(new CucumberExpression("a {role} session logs on( again) within {float} s", registry)),
    texts: ["a reader session logs on within 1.5 s", "a master session logs on again within .25 s"],
  },
  {
    tree: treeRegexpOf(new CucumberExpression("the device answers {quoted} or {string} to {word} {}", registry)),
    texts: ['the device answers "busy" or "isc" to BT00 everything', "the device answers \"busy\" or '' to x y z"],
  },
  {
    tree: treeRegexpOf(new CucumberExpression("the reply(s) has/have no error(s)", registry)),
    texts: ["the reply has no error", "the replys have no errors", "the reply has no mistakes"],
  },
  {
    tree: treeRegexpOfRegExp(/^BT(\d+)(?: offset (\d+))?(, (\w+))?(?<named>!)?$/),
    texts: ["BT12", "BT12 offset 7, a", "BT1!", "ET12"],
  },
];

test("a step's groups, values and offsets are the ones the regexp-match-indices polyfill gives", () => {
  let matched = 0;
  for (const { tree, texts } of CASES) {
    for (const text of texts) {
      const polyfilled = polyfillExec(tree.regexp, text);
      let group = 0;
      const expected = polyfilled === null ? null : tree.groupBuilder.build(polyfilled, () => group++);
      assert.deepEqual(matchWithIndices.call(tree, text), expected, `${tree.regexp.source} on "${text}"`);
      if (expected !== null) matched++;
    }
  }
  assert.equal(matched, 11);
});

test("cucumber's expressions match through the engine's indices once the step files are loaded", () => {
  const expression = new CucumberExpression("a {role} session logs on", registry);
  assert.equal(Object.getPrototypeOf(treeRegexpOf(expression)).match, matchWithIndices);
  const [role] = expression.match("a reader session logs on") ?? [];
  assert.deepEqual([role?.group.value, role?.group.start, role?.group.end], ["reader", 2, 8]);
});

test("a group a quantifier repeats is where the last repetition is, as ECMAScript says (the polyfill put it at the first)", () => {
  const tree = treeRegexpOfRegExp(/^BT(\d+)(?:, (\w+))*$/);
  const whole = matchWithIndices.call(tree, "BT12, a, b") as {
    children: { value: string; start: number; end: number }[];
  };
  assert.deepEqual(
    whole.children.map((g) => [g.value, g.start, g.end]),
    [
      ["12", 2, 4],
      ["b", 9, 10],
    ],
  );
});
