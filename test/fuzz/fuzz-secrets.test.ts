import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findSecret, filesUnder } from "../support/secret-scan";
import { BIN, ROOT, SIMULATOR_KEYS_TEXT } from "../support/serial-bench";

const KEYS = Object.values(SIMULATOR_KEYS_TEXT).map((k) => Uint8Array.from(Buffer.from(k, "latin1")));

// The campaigns log on, switch keys and tamper with protected requests; every case they write
// (cases.jsonl, summaries) must still hold no key of the device, on the optical port and on MEP.
for (const target of ["sim", "sim-mep"]) {
  test(`a fuzz run against ${target} leaves no key in any file it writes`, () => {
    const dir = mkdtempSync(join(tmpdir(), "osgp-fuzz-secrets-"));
    const r = spawnSync(
      process.execPath,
      [BIN, "fuzz", "--target", target, "--budget", "4", "--seed", "3", "--reports-dir", dir],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const files = filesUnder(dir);
    assert.ok(
      files.some((f) => f.endsWith("cases.jsonl")),
      "the run should have written its cases",
    );
    for (const key of KEYS) assert.deepEqual(findSecret(files, key), [], `a key was found in the fuzz reports`);
    assert.ok(
      !KEYS.some((k) => (r.stdout + r.stderr).includes(Buffer.from(k).toString("latin1"))),
      "a key was printed",
    );
  });
}
