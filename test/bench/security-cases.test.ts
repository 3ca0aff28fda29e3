import { test } from "node:test";
import assert from "node:assert/strict";
import { securityBenchCases } from "./security-cases";

test("every security bench case runs, repeatedly, without throwing (each checks its own round trip)", () => {
  const cases = securityBenchCases();
  assert.ok(cases.length >= 4);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  for (const c of cases) for (let i = 0; i < 20; i++) c.run();
});
