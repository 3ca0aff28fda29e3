import { test } from "node:test";
import assert from "node:assert/strict";
import { plcCodecBenchCases } from "./plc-bench-cases";

test("every PLC codec bench case runs, repeatedly, without throwing (the packets are checked when built)", () => {
  const cases = plcCodecBenchCases();
  assert.ok(cases.length >= 6);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  for (const c of cases) for (let i = 0; i < 20; i++) c.run();
});
