import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../harness/errors";
import { cellsOf, matrixDigest, parseShard, planShard, shardOf } from "../../harness/cli/shards";
import { lineArguments, loadPlan, type PlannedScenario } from "../../harness/cli/scenario-plan";
import { BIN, ROOT } from "../support/serial-bench";

function usageMessage(text: string): string {
  try {
    parseShard(text, "--shard");
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.code, "OSGP_ERR_USAGE");
    return e.message;
  }
  assert.fail(`--shard ${text} was accepted`);
}

test("--shard takes I/N with 1 ≤ I ≤ N, and names the flag and the value otherwise", () => {
  assert.deepEqual(parseShard("1/1", "--shard"), { index: 1, count: 1 });
  assert.deepEqual(parseShard("2/4", "--shard"), { index: 2, count: 4 });
  assert.deepEqual(parseShard("1000/1000", "--shard"), { index: 1000, count: 1000 });
  for (const bad of [
    "0/2",
    "3/2",
    "1/0",
    "0/0",
    "a/b",
    "1",
    "1/",
    "/2",
    "1/2/3",
    "-1/2",
    "1.5/2",
    " 1/2",
    "1001/1001",
    "",
  ]) {
    assert.match(
      usageMessage(bad),
      new RegExp(`^OSGP_ERR_USAGE: --shard ${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: not I/N`),
      bad,
    );
  }
});

test("run --shard 3/2, a shard of fuzz campaigns or against a baseline, and a target named twice stop with exit 2 before anything runs", () => {
  const cases: [string[], RegExp][] = [
    [["--target", "sim", "--shard", "3/2"], /--shard 3\/2: not I\/N, shard I of N, with 1 ≤ I ≤ N/],
    [["--target", "sim", "--shard", "1/2", "--fuzz"], /--shard shares out scenarios, not fuzz campaigns/],
    [["--target", "sim", "--shard", "1/2", "--baseline", "ci.json"], /--baseline judges a whole run: merge the shards/],
    [
      ["--target", "sim", "--target", "sim:reference"],
      /--target: built-in simulator, optical port \(profile reference\) is named twice/,
    ],
  ];
  for (const [args, message] of cases) {
    const dir = join(mkdtempSync(join(tmpdir(), "shards-")), "reports");
    const r = spawnSync(process.execPath, [BIN, "run", ...args, "--reports-dir", dir], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(existsSync(dir), false, "no reports were started");
  }
});

const scenario = (uri: string, name: string, line: number): PlannedScenario => ({ uri, name, line });

test("a cell's shard comes from who it is, not where it stands: a scenario added before others moves none of them", () => {
  const plan = Array.from({ length: 60 }, (_, i) =>
    scenario(`features/f${i % 6}.feature`, `scenario ${i}`, 10 + 5 * Math.floor(i / 6)),
  );
  const before = new Map(cellsOf("sim", plan).map((c) => [c.key, shardOf(c.key, 4)]));
  // A new scenario at the top of every file: every other scenario's line moves, and its position in the plan.
  const added = [
    ...plan.slice(0, 6).map((s, i) => scenario(s.uri, `new ${i}`, 5)),
    ...plan.map((s) => ({ ...s, line: s.line + 7 })),
  ];
  const after = cellsOf("sim", added);
  assert.equal(after.length, 66);
  for (const c of after.filter((c) => !c.scenario.name.startsWith("new")))
    assert.equal(shardOf(c.key, 4), before.get(c.key), c.key);
});

test("an outline's example rows are cells of their own, told apart by their rank in the file, and one scenario on two targets is two cells", () => {
  const rows = [
    scenario("features/a.feature", "a read", 20),
    scenario("features/a.feature", "a read", 18),
    scenario("features/b.feature", "a read", 18),
  ];
  const keys = cellsOf("sim", rows).map((c) => JSON.parse(c.key) as unknown[]);
  assert.deepEqual(keys, [
    ["sim", "features/a.feature", "a read", 1],
    ["sim", "features/a.feature", "a read", 0],
    ["sim", "features/b.feature", "a read", 0],
  ]);
  const [onSim] = cellsOf("sim", rows);
  const [onMep] = cellsOf("sim-mep", rows);
  assert.notEqual(onSim?.key, onMep?.key);
});

test("the shards of a matrix are disjoint, cover it, and share it evenly", () => {
  const cells = cellsOf(
    "sim",
    Array.from({ length: 2000 }, (_, i) => scenario(`features/f${i % 40}.feature`, `scenario ${i}`, i)),
  );
  for (const count of [1, 2, 3, 7]) {
    const sizes = Array.from({ length: count }, () => 0);
    for (const c of cells) {
      const s = shardOf(c.key, count);
      assert.ok(Number.isInteger(s) && s >= 1 && s <= count, `${s} of ${count}`);
      sizes[s - 1] = (sizes[s - 1] ?? 0) + 1;
    }
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      cells.length,
    );
    const even = cells.length / count;
    for (const n of sizes) assert.ok(Math.abs(n - even) < 0.15 * even, `shard sizes ${sizes.join(", ")} for ${count}`);
  }
  assert.equal(matrixDigest(cells), matrixDigest([...cells].reverse()), "the digest is the matrix's, not its order's");
  assert.notEqual(matrixDigest(cells), matrixDigest(cells.slice(1)));
});

test("the line arguments make cucumber select exactly the chosen scenarios, an outline's rows one by one", async () => {
  const tags = "@clause-9.5 or @clause-A.2";
  const all = await loadPlan("default", tags);
  const rows = all.filter((s) => s.name.startsWith("A partial read returns the same bytes"));
  assert.ok(rows.length >= 2, "9.5 has an outline with several rows");
  const id = (s: PlannedScenario): string => `${s.uri}:${s.line}`;
  const mixed = [rows[1] as PlannedScenario, ...all.filter((s) => !rows.includes(s)).filter((_, i) => i % 2 === 0)];
  const oneFile = rows.slice(0, 2);
  for (const chosen of [mixed, oneFile]) {
    const selected = await loadPlan("default", tags, lineArguments(all, chosen));
    assert.deepEqual(selected.map(id).sort(), chosen.map(id).sort());
  }
  const annex = all.find((s) => s.uri.includes("A.2"))?.uri;
  assert.ok(lineArguments(all, oneFile).includes(`${annex}:0`), "a file with nothing chosen is held to line 0");
  assert.deepEqual(await loadPlan("default", tags, lineArguments(all, [])), [], "nothing chosen, nothing selected");
});

test("planShard gives each target its share; the shards of a run agree on the matrix and together run it once", async () => {
  const tags = "@clause-9.5 or @clause-A.2";
  const targets = [
    { name: "optical", profile: "default" },
    { name: "mep", profile: "mep" },
  ];
  const whole = (await loadPlan("default", tags)).length + (await loadPlan("mep", tags)).length;
  const plans = await Promise.all([1, 2, 3].map((index) => planShard(targets, tags, { index, count: 3 })));
  const digests = new Set(plans.map((p) => p.facts.matrix.digest));
  assert.equal(digests.size, 1);
  assert.equal(
    plans.reduce((n, p) => n + p.facts.scenarios, 0),
    whole,
  );
  for (const p of plans) {
    assert.equal(p.facts.matrix.scenarios, whole);
    assert.deepEqual(p.facts.targets, ["optical", "mep"]);
    assert.equal(
      p.shares.reduce((n, s) => n + s.scenarios, 0),
      p.facts.scenarios,
    );
    for (const s of p.shares) assert.equal(s.args.length === 0, s.scenarios === 0);
  }
  for (const [t, target] of targets.entries()) {
    const selected = await Promise.all(
      plans.map((p) => (p.shares[t]?.args.length ? loadPlan(target.profile, tags, p.shares[t]?.args) : [])),
    );
    const ids = selected.flat().map((s) => `${s.uri}:${s.line}`);
    assert.equal(new Set(ids).size, ids.length, `${target.name}: no scenario in two shards`);
    assert.equal(
      ids.length,
      (await loadPlan(target.profile, tags)).length,
      `${target.name}: every scenario in one shard`,
    );
  }
  const other = await planShard(targets, "@clause-9.5", { index: 1, count: 3 });
  assert.notEqual(other.facts.matrix.digest, plans[0]?.facts.matrix.digest, "other tags, another matrix");
});
