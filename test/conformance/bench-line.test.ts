import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchLine } from "../../harness/conformance/bench-line";

test("a serial target's line: a file that is no pseudo-terminal is a serial line, the simulator and UDP have none, a replay has its recording's", () => {
  const file = join(mkdtempSync(join(tmpdir(), "osgp-line-")), "ttyUSB0");
  writeFileSync(file, "");
  assert.equal(benchLine({ kind: "serial", path: file }), "serial");
  assert.equal(benchLine({ kind: "sim" }), null);
  assert.equal(benchLine({ kind: "udp" }), null);
  assert.equal(benchLine({ kind: "replay", line: "pty" }), "pty");
  assert.equal(benchLine({ kind: "replay", line: "serial" }), "serial");
  assert.equal(benchLine({ kind: "replay", line: null }), null);
});
