import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

/**
 * The import rule of docs/ARCHITECTURE.md ("Layers", "The import rule"), checked on every file of
 * harness/ and steps/: which folder may import which, the one exception and why it cannot hide a
 * chain back, no cycle of imports between files, and which layers may import the packages that reach
 * a device, a file, cucumber or Allure. The table in docs/ARCHITECTURE.md must say what LAYERS says.
 */
const ROOT = join(__dirname, "..");
const ARCHITECTURE = "docs/ARCHITECTURE.md";

interface Layer {
  /** Files and folders (ending in "/") from the repository's root; the layer's names are their last parts. */
  readonly paths: readonly string[];
  /** The layers before it it may import, by name; "above": all of them, but those in `but`. */
  readonly imports: "above" | readonly string[];
  readonly but?: readonly string[];
}

/** The table of docs/ARCHITECTURE.md, from the bottom up: a layer imports only from layers before it. */
const LAYERS: readonly Layer[] = [
  { paths: ["harness/bytes/", "harness/errors.ts"], imports: [] },
  { paths: ["harness/protocol/"], imports: ["bytes"] },
  { paths: ["harness/security/"], imports: ["bytes", "protocol"] },
  { paths: ["harness/link/"], imports: ["bytes"] },
  { paths: ["harness/transport/"], imports: ["bytes", "security", "link"] },
  { paths: ["harness/session/"], imports: "above" },
  { paths: ["harness/simulator/"], imports: ["bytes", "protocol", "security", "link", "transport"] },
  { paths: ["harness/links/"], imports: "above" },
  { paths: ["harness/version.ts"], imports: [] },
  { paths: ["harness/conformance/"], imports: "above" },
  { paths: ["harness/report/"], imports: "above" },
  {
    paths: ["harness/fuzz/"],
    imports: ["bytes", "protocol", "security", "link", "transport", "session", "links", "conformance"],
  },
  { paths: ["harness/docs/"], imports: ["conformance", "simulator"] },
  { paths: ["harness/cli/"], imports: "above" },
  { paths: ["steps/"], imports: "above", but: ["simulator"] },
];

/** An import of a file of a later layer that the rule allows, and why (docs/ARCHITECTURE.md says the same). */
interface Exception {
  readonly from: string;
  readonly file: string;
  readonly why: string;
}

const EXCEPTIONS: readonly Exception[] = [
  {
    from: "links",
    file: "harness/conformance/pixit.ts",
    why: "the PIXIT is declared once for the suite (pixit-items.ts), and each link reads its own items there",
  },
  {
    from: "links",
    file: "harness/conformance/verdicts.ts",
    why: "a link that cannot serve a role (no key for it) ends the scenario with the verdicts' Inconclusive",
  },
];

/** Packages only some layers may import, as "Beside the rule" says. */
const PACKAGE_RULES: readonly { readonly packages: RegExp; readonly only: readonly string[]; readonly what: string }[] =
  [
    {
      packages: /^(?:node:)?(?:dgram|net|dns(?:\/promises)?)$|^serialport$|^@serialport\//,
      only: ["transport"],
      what: "a port or a socket",
    },
    {
      packages: /^(?:node:)?fs(?:\/promises)?$/,
      only: ["version", "conformance", "report", "fuzz", "docs", "cli", "steps"],
      what: "files",
    },
    { packages: /^@cucumber\/|^allure-/, only: ["steps", "report", "cli"], what: "cucumber or Allure" },
  ];

interface Import {
  readonly spec: string;
  /** The file a relative import names, from the root; null for a package, or a file that is not there. */
  readonly target: string | null;
  /** `import type` / `export type` only: compiling erases it. */
  readonly typeOnly: boolean;
}

type Graph = ReadonlyMap<string, readonly Import[]>;

function namesOf(layer: Layer): string[] {
  return layer.paths.map((p) => posix.basename(p).replace(/\.ts$/, ""));
}

/** A layer's index by any of its names. */
function indexByName(layers: readonly Layer[]): Map<string, number> {
  return new Map(layers.flatMap((l, i) => namesOf(l).map((n) => [n, i] as const)));
}

function layerOf(path: string, layers: readonly Layer[]): number {
  return layers.findIndex((l) => l.paths.some((p) => (p.endsWith("/") ? path.startsWith(p) : path === p)));
}

/** The layers `i` may import, itself included; a name that is no earlier layer is an error of the declaration. */
function mayImport(layers: readonly Layer[], i: number): Set<number> {
  const byName = indexByName(layers);
  const layer = layers[i] as Layer;
  const lookUp = (n: string): number => {
    const at = byName.get(n);
    if (at === undefined || at >= i) throw new Error(`${namesOf(layer)[0]} names ${n}, which is no layer before it`);
    return at;
  };
  const but = new Set((layer.but ?? []).map(lookUp));
  const named = layer.imports === "above" ? [...Array(i).keys()].filter((j) => !but.has(j)) : layer.imports.map(lookUp);
  return new Set([i, ...named]);
}

/** Every import that breaks the rule, every file no layer holds, and every exception that is stale or climbs. */
function ruleBreaks(graph: Graph, layers: readonly Layer[], exceptions: readonly Exception[]): string[] {
  const byName = indexByName(layers);
  const name = (i: number) => namesOf(layers[i] as Layer)[0] as string;
  const allowed = layers.map((_, i) => mayImport(layers, i));
  const used = new Set<Exception>();
  const breaks: string[] = [];
  for (const [file, imports] of graph) {
    const from = layerOf(file, layers);
    if (from < 0) {
      breaks.push(`${file}: no layer of the table holds it`);
      continue;
    }
    for (const m of imports) {
      if (m.target === null) {
        if (m.spec.startsWith(".")) breaks.push(`${file}: imports ${m.spec}, which is no file`);
        continue;
      }
      const to = layerOf(m.target, layers);
      if (to >= 0 && allowed[from]?.has(to)) continue;
      const exception = exceptions.find((e) => byName.get(e.from) === from && e.file === m.target);
      if (exception !== undefined) {
        used.add(exception);
        continue;
      }
      breaks.push(`${file}: ${name(from)} may not import ${m.target} (${to < 0 ? "no layer" : name(to)})`);
    }
  }
  for (const e of exceptions) {
    if (!used.has(e)) breaks.push(`the exception ${e.from} -> ${e.file} is needed by no import: remove it`);
    const own = layerOf(e.file, layers);
    const from = byName.get(e.from) ?? -1;
    for (const reached of reachable(graph, e.file)) {
      const at = layerOf(reached, layers);
      if (at !== own && (at === from || !allowed[from]?.has(at)))
        breaks.push(`the exception ${e.from} -> ${e.file} reaches ${reached}, which ${e.from} may not import`);
    }
  }
  return breaks;
}

function reachable(graph: Graph, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    for (const m of graph.get(f) ?? []) {
      if (m.target !== null && !seen.has(m.target)) {
        seen.add(m.target);
        todo.push(m.target);
      }
    }
  }
  return seen;
}

/** The files of each cycle of imports that are not type-only (Tarjan's strongly connected components). */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    for (const m of graph.get(v) ?? []) {
      const w = m.target;
      if (w === null || m.typeOnly || !graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = stack.splice(stack.indexOf(v));
    if (component.length > 1 || (graph.get(v) ?? []).some((m) => m.target === v && !m.typeOnly))
      found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function packageBreaks(graph: Graph, layers: readonly Layer[]): string[] {
  const byName = indexByName(layers);
  const breaks: string[] = [];
  for (const [file, imports] of graph) {
    const from = layerOf(file, layers);
    for (const m of imports) {
      if (m.spec.startsWith(".")) continue;
      for (const rule of PACKAGE_RULES) {
        if (rule.packages.test(m.spec) && !rule.only.some((n) => byName.get(n) === from))
          breaks.push(`${file}: imports ${m.spec} (${rule.what}), which only ${rule.only.join(", ")} may`);
      }
    }
  }
  return breaks;
}

/** A file's imports: its module names as TypeScript's pre-processor finds them (not in comments or strings). */
function importsOf(file: string, text: string, exists: (path: string) => boolean): Import[] {
  const specs = new Set(ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName));
  return [...specs].map((spec) => {
    const quoted = `["']${spec.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}["']`;
    const all = text.match(new RegExp(quoted, "g"))?.length ?? 0;
    const typed = text.match(new RegExp(`^(?:import|export) type\\b[^;]*?\\bfrom ${quoted}`, "gm"))?.length ?? 0;
    const base = posix.join(posix.dirname(file), spec);
    const target = spec.startsWith(".") ? ([base, `${base}.ts`, `${base}/index.ts`].find(exists) ?? null) : null;
    return { spec, target, typeOnly: typed > 0 && typed === all };
  });
}

function repositoryGraph(): Graph {
  const isFile = (path: string): boolean => {
    try {
      return statSync(join(ROOT, path)).isFile();
    } catch {
      return false;
    }
  };
  const files = ["harness", "steps"].flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
      .filter((f) => /\.[jt]s$/.test(f))
      .map((f) => `${dir}/${f.split("\\").join("/")}`),
  );
  return new Map(files.sort().map((f) => [f, importsOf(f, readFileSync(join(ROOT, f), "utf8"), isFile)]));
}

const GRAPH = repositoryGraph();

test("every import in harness/ and steps/ keeps to the layers of docs/ARCHITECTURE.md", () => {
  assert.ok(GRAPH.size > 100, `only ${GRAPH.size} files found`);
  assert.deepEqual(ruleBreaks(GRAPH, LAYERS, EXCEPTIONS), []);
});

test("no chain of imports between files comes back to where it started", () => {
  assert.deepEqual(cycles(GRAPH), []);
});

test("ports and sockets, files, cucumber and Allure are imported only where docs/ARCHITECTURE.md says", () => {
  assert.deepEqual(packageBreaks(GRAPH, LAYERS), []);
});

/** The rows of the table under "## Layers": the paths of the first column, and the imports column. */
function tableRows(markdown: string): { readonly paths: string[]; readonly imports: string }[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("Layers")) ?? "";
  return section
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) => {
      const cells = l.split("|").map((c) => c.trim());
      const top = (cells[1] as string).includes("(top level)");
      const paths = [...(cells[1] as string).matchAll(/`([^`]+)`/g)].map((m) => `${top ? "" : "harness/"}${m[1]}`);
      return { paths, imports: cells[3] as string };
    })
    .filter((r) => r.paths.some((p) => p.startsWith("harness/") || p.startsWith("steps/")));
}

/** The layers a cell of the imports column names, by their names as whole words. */
function layersNamed(cell: string, layers: readonly Layer[]): Set<number> {
  const named = [...indexByName(layers)].filter(([n]) => new RegExp(`(?<![\\w-])${n}(?![\\w-])`).test(cell));
  return new Set(named.map(([, i]) => i));
}

test("docs/ARCHITECTURE.md's table has the layers of LAYERS, in its order, each importing what LAYERS says", () => {
  const rows = tableRows(readFileSync(join(ROOT, ARCHITECTURE), "utf8"));
  assert.deepEqual(
    rows.map((r) => r.paths),
    LAYERS.map((l) => l.paths),
  );
  for (const [i, layer] of LAYERS.entries()) {
    const cell = (rows[i] as { imports: string }).imports;
    const above = /^everything above(?: but ([^;]*))?/.exec(cell);
    if (layer.imports === "above") {
      assert.ok(above !== null, `${layer.paths.join(", ")}: the table should say "everything above", not "${cell}"`);
      assert.deepEqual(layersNamed(above[1] ?? "", LAYERS), new Set(layer.but?.map((n) => indexByName(LAYERS).get(n))));
    } else {
      assert.equal(above, null, `${layer.paths.join(", ")}: the table says "${cell}"`);
      assert.deepEqual(
        layersNamed(cell, LAYERS),
        new Set([...mayImport(LAYERS, i)].filter((j) => j !== i)),
        `${layer.paths.join(", ")}: the table says "${cell}"`,
      );
    }
    for (const e of EXCEPTIONS.filter((x) => namesOf(layer).includes(x.from)))
      assert.ok(cell.includes(posix.basename(e.file)), `${layer.paths.join(", ")}: the table names no ${e.file}`);
  }
});

/** Layers a (bottom), b and c (top) of a repository of four files. */
const SAMPLE_LAYERS: readonly Layer[] = [
  { paths: ["a/"], imports: [] },
  { paths: ["b/"], imports: "above" },
  { paths: ["c/"], imports: ["b"] },
];

function sample(edges: Record<string, readonly (readonly [string, boolean?])[]>): Graph {
  return new Map(
    Object.entries(edges).map(([f, to]) => [
      f,
      to.map(([t, typeOnly]) => ({ spec: t, target: t, typeOnly: !!typeOnly })),
    ]),
  );
}

test("an import of a later layer, or of one the row leaves out, is a break; an exception lets one through", () => {
  const graph = sample({ "a/x.ts": [["b/y.ts"]], "b/y.ts": [["a/x.ts"]], "c/z.ts": [["a/x.ts"], ["b/y.ts"]] });
  assert.deepEqual(ruleBreaks(graph, SAMPLE_LAYERS, []), [
    "a/x.ts: a may not import b/y.ts (b)",
    "c/z.ts: c may not import a/x.ts (a)",
  ]);
  assert.deepEqual(
    ruleBreaks(graph, SAMPLE_LAYERS, [
      { from: "a", file: "b/y.ts", why: "" },
      { from: "c", file: "a/x.ts", why: "" },
    ]),
    ["the exception a -> b/y.ts reaches a/x.ts, which a may not import"],
  );
  assert.deepEqual(ruleBreaks(sample({ "d/w.ts": [] }), SAMPLE_LAYERS, [{ from: "c", file: "a/x.ts", why: "" }]), [
    "d/w.ts: no layer of the table holds it",
    "the exception c -> a/x.ts is needed by no import: remove it",
  ]);
});

test("a cycle of imports is found, unless an import type closes it", () => {
  const graph = sample({
    "a/1.ts": [["a/2.ts"]],
    "a/2.ts": [["a/3.ts"]],
    "a/3.ts": [["a/1.ts"]],
    "a/4.ts": [["a/4.ts"]],
  });
  assert.deepEqual(cycles(graph), [["a/1.ts", "a/2.ts", "a/3.ts"], ["a/4.ts"]]);
  assert.deepEqual(cycles(sample({ "a/1.ts": [["a/2.ts"]], "a/2.ts": [["a/1.ts", true]] })), []);
});

test("imports are read from the code, not from comments or strings, and type-only ones are told apart", () => {
  const text = [
    'import type { A } from "./a";',
    'import { b, type B } from "./b";',
    'import type { C } from "./c";',
    'import { c } from "./c";',
    'export type { D } from "./d";',
    '// import { e } from "./e";',
    'const f = "./f";',
    'import { readFileSync } from "node:fs";',
    'const g = require("./g.ts");',
  ].join("\n");
  const files = new Set(["x/a.ts", "x/b.ts", "x/c.ts", "x/g.ts"]);
  const found = importsOf("x/m.ts", text, (p) => files.has(p));
  assert.deepEqual(
    found.map((m) => [m.spec, m.target, m.typeOnly]),
    [
      ["./a", "x/a.ts", true],
      ["./b", "x/b.ts", false],
      ["./c", "x/c.ts", false],
      ["./d", null, true],
      ["node:fs", null, false],
      ["./g.ts", "x/g.ts", false],
    ],
  );
});
