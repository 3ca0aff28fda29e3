import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../harness/errors";
import { overlayPixit, PIXIT_DEFAULTS, PIXIT_ITEMS } from "../../harness/conformance/pixit";
import { pixitSchema } from "../../harness/conformance/pixit-schema";

interface Node {
  type?: string | string[];
  enum?: unknown[];
  oneOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  additionalProperties?: boolean;
  description?: string;
  default?: unknown;
}

const SCHEMA = pixitSchema() as Node;

function nodeAt(path: string): Node {
  return path
    .split(".")
    .reduce<Node>((n, k) => n.properties?.[k] ?? assert.fail(`no ${k} in the schema at ${path}`), SCHEMA);
}

/** `{ a: { b: v } }` for "a.b". */
function overlayAt(path: string, v: unknown): object {
  return path
    .split(".")
    .reverse()
    .reduce<unknown>((inner, k) => ({ [k]: inner }), v) as object;
}

function leafOf(path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], PIXIT_DEFAULTS);
}

test("the schema has every item, with its default and its meaning, and nothing else", () => {
  const paths: string[] = [];
  const walk = (n: Node, prefix: string) => {
    assert.equal(n.additionalProperties, false, `${prefix || "top level"} refuses unknown names`);
    for (const [k, child] of Object.entries(n.properties ?? {})) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (p === "$schema") continue;
      if (child.properties !== undefined) walk(child, p);
      else paths.push(p);
    }
  };
  walk(SCHEMA, "");
  assert.deepEqual(
    paths,
    PIXIT_ITEMS.map((i) => i.path),
  );
  for (const p of paths) {
    assert.deepEqual(nodeAt(p).default, leafOf(p), p);
    assert.match(nodeAt(p).description ?? "", /\S \[[^\]]+\]$/, `${p}: meaning [source]`);
  }
  assert.deepEqual(nodeAt("$schema"), { type: "string" });
});

test("the schema states each item's kind of value", () => {
  assert.deepEqual(nodeAt("serial.dataBits").enum, [7, 8]);
  assert.deepEqual(nodeAt("security.suite").enum, ["rc4", "aes128"]);
  assert.equal(nodeAt("link.retries").type, "number");
  assert.deepEqual(nodeAt("session.negotiate.baudRate").type, ["number", "null"]);
  assert.deepEqual(nodeAt("clock.deltaProcedure").type, ["string", "null"]);
  assert.equal(nodeAt("mep.encrypt").type, "boolean");
  assert.deepEqual(nodeAt("expect.unknownTable").items, { type: "string" });
  const forms = (nodeAt("keys.master").oneOf ?? []).map((f) =>
    f.type === "null" ? "null" : Object.keys(f.properties ?? {})[0],
  );
  assert.deepEqual(forms, ["null", "hex", "text", "hexEnv", "textEnv"]);
});

// The schema (for an editor) and the checks of a PIXIT file (for a run) are two renderings of one
// declaration: what one allows, the other must accept, and what one refuses, the other too.
test("what the schema allows, a PIXIT file may hold; what it refuses, the harness refuses", () => {
  for (const { path } of PIXIT_ITEMS) {
    const n = nodeAt(path);
    const accepts = (v: unknown) => overlayPixit(PIXIT_DEFAULTS, overlayAt(path, v));
    const refuses = (v: unknown) => assert.throws(() => accepts(v), ConfigError, `${path}: ${JSON.stringify(v)}`);
    if (n.enum !== undefined) {
      for (const w of n.enum) accepts(w);
      refuses("no-such-word");
      continue;
    }
    if (n.oneOf !== undefined) {
      accepts(null);
      accepts({ hexEnv: "OSGP_NO_SUCH_VARIABLE" });
      refuses({ key: "x" });
      continue;
    }
    const types = [n.type ?? []].flat();
    const samples: Record<string, unknown> = { number: 1, string: "x", boolean: true, array: ["x"], null: null };
    for (const [type, sample] of Object.entries(samples)) (types.includes(type) ? accepts : refuses)(sample);
  }
});
