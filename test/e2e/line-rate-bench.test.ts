import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SOCAT_SKIP, openBench, runHarness, simulatorPixitFile } from "../support/serial-bench";
import type { WireTotals } from "../../harness/report/wire-summary";

/** One run of a few full reads over a pty, the simulator pacing its port or not. */
async function benchRun(simulatorArgs: readonly string[]): Promise<{ wire: WireTotals; md: string }> {
  const bench = await openBench();
  try {
    await bench.startSimulator(["--quiet", ...simulatorArgs]);
    const r = await runHarness(
      ["--target", `optical:${bench.harnessEnd}`, "--pixit", simulatorPixitFile(bench.dir), "--tags", "@clause-9.3"],
      join(bench.dir, "reports"),
    );
    assert.equal(r.code, 0, r.output.slice(-3000));
    const summary = JSON.parse(readFileSync(join(r.reportsDir, "summary.json"), "utf8")) as { wire?: WireTotals[] };
    assert.equal(summary.wire?.length, 1, "one target on a real line: one wire line");
    return { wire: summary.wire?.[0] as WireTotals, md: readFileSync(join(r.reportsDir, "summary.md"), "utf8") };
  } finally {
    await bench.close();
  }
}

test(
  "a 9600-baud line rate makes the bench keep a real line's time, and the summary says what the line cost",
  { skip: SOCAT_SKIP },
  async () => {
    const paced = await benchRun(["--line-rate", "9600"]);
    const w = paced.wire;
    assert.match(
      paced.md,
      /## Wire\n[\s\S]*Wire: \d+ requests \(\d+ session overhead\).*bytes sent.*received, line-bound time [\d.]+ s at 9600 baud, wall time [\d.]+ s, ratio W\/T [\d.]+/,
    );
    assert.ok(w.requests > w.overheadRequests && w.overheadRequests > 0, JSON.stringify(w));
    assert.ok(w.bytesSent > 0 && w.bytesReceived > w.bytesSent, "full reads: the answers are the bulk");
    // Every byte at 9600 8N1 is 1.04 ms: the line-bound time is at least the bytes' time.
    assert.ok(w.lineBoundMs >= ((w.bytesSent + w.bytesReceived) * 10000) / 9600, JSON.stringify(w));
    assert.ok(
      w.wallMs >= w.lineBoundMs * 0.9,
      `wall ${w.wallMs} ms under the line-bound ${w.lineBoundMs} ms: the pacing did not hold`,
    );

    const unpaced = await benchRun([]);
    assert.equal(unpaced.wire.requests, w.requests, "the same scenarios, the same requests");
    assert.ok(w.wallMs / unpaced.wire.wallMs > 1, `paced ${w.wallMs} ms, unpaced ${unpaced.wire.wallMs} ms`);
  },
);
