import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../harness/errors";
import {
  Impairment,
  NO_IMPAIRMENT,
  parseImpairment,
  type ImpairmentOptions,
} from "../../harness/simulator/plc-impairment";
import { mulberry32 } from "../../harness/simulator/seeded-random";

const PACKETS = 10_000;
const run = (o: Partial<ImpairmentOptions>) => {
  const impairment = new Impairment({ ...NO_IMPAIRMENT, ...o });
  return Array.from({ length: PACKETS }, () => impairment.decide());
};

test("10 % loss over 10 000 packets loses 9 % to 11 %, the same packets for the same seed", () => {
  const a = run({ lossPercent: 10, seed: 42 });
  const lost = a.filter((d) => d.length === 0).length;
  assert.ok(lost >= 900 && lost <= 1100, `${lost} lost`);
  assert.deepEqual(run({ lossPercent: 10, seed: 42 }), a, "deterministic for the seed");
  assert.notDeepEqual(run({ lossPercent: 10, seed: 43 }), a, "another seed, other packets");
});

test("duplicates: 20 % of the packets that arrive come twice; none with 0 %", () => {
  const twice = run({ duplicatePercent: 20, seed: 7 }).filter((d) => d.length === 2).length;
  assert.ok(twice >= 1800 && twice <= 2200, `${twice} duplicated`);
  assert.ok(run({ seed: 7 }).every((d) => d.length === 1));
});

test("every copy arrives delayMs plus 0..jitterMs late, whole milliseconds, every value used", () => {
  const delays = run({ delayMs: 100, jitterMs: 5, duplicatePercent: 50, seed: 3 }).flat();
  assert.ok(delays.every((d) => Number.isInteger(d) && d >= 100 && d <= 105));
  assert.deepEqual(
    [...new Set(delays)].sort((x, y) => x - y),
    [100, 101, 102, 103, 104, 105],
  );
});

test("no impairment: every packet once, at once", () => {
  assert.ok(run({}).every((d) => d.length === 1 && d[0] === 0));
});

test("mulberry32 is uniform enough: 10 000 draws in ten bins, each bin 8 % to 12 %", () => {
  const next = mulberry32(1);
  const bins = new Array<number>(10).fill(0);
  for (let i = 0; i < PACKETS; i++) {
    const x = next();
    assert.ok(x >= 0 && x < 1);
    const bin = Math.floor(x * 10);
    bins[bin] = (bins[bin] as number) + 1;
  }
  assert.ok(
    bins.every((n) => n >= 800 && n <= 1200),
    bins.join(" "),
  );
});

test("command-line values: plain decimals accepted, anything else is OSGP_ERR_USAGE", () => {
  assert.deepEqual(
    parseImpairment({
      lossPercent: "2.5",
      duplicatePercent: "1",
      delayMs: "200",
      jitterMs: " 50 ",
      seed: "4294967295",
    }),
    {
      lossPercent: 2.5,
      duplicatePercent: 1,
      delayMs: 200,
      jitterMs: 50,
      seed: 0xffffffff,
    },
  );
  assert.deepEqual(parseImpairment({}), NO_IMPAIRMENT);
  const bad: Partial<Record<keyof ImpairmentOptions, string>>[] = [
    { lossPercent: "abc" },
    { lossPercent: "-1" },
    { lossPercent: "100.5" },
    { lossPercent: "1e1" },
    { lossPercent: "" },
    { duplicatePercent: "0x10" },
    { delayMs: "1.5" },
    { delayMs: "60001" },
    { jitterMs: "-3" },
    { seed: "4294967296" },
  ];
  for (const values of bad) {
    assert.throws(
      () => parseImpairment(values),
      (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_USAGE",
      JSON.stringify(values),
    );
  }
  assert.throws(() => new Impairment({ ...NO_IMPAIRMENT, lossPercent: Number.NaN }), ConfigError);
});
