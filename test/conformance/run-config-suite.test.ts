import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OsgpError } from "../../harness/errors";
import { runConfig } from "../../harness/conformance/run-config";

/** The suite the links speak (PIXIT security.suite) and the one the PICS says the device runs (7.4/aes-mode) agree. */
test("a run whose PIXIT suite disagrees with the PICS's 7.4/aes-mode is refused before it starts, naming both", () => {
  const dir = mkdtempSync(join(tmpdir(), "run-config-suite-"));
  try {
    const pics = (aes: boolean) => {
      const f = join(dir, `pics-${aes}.json`);
      writeFileSync(f, JSON.stringify({ items: { "7.4/aes-mode": aes } }));
      return f;
    };
    assert.equal(runConfig("sim-mep:aes", null).pixit.security.suite, "aes128", "the simulator's PICS and PIXIT agree");
    assert.equal(runConfig("sim-mep", null, pics(false)).pixit.security.suite, "rc4");
    const refused = (pattern: RegExp) => (e: unknown) =>
      e instanceof OsgpError && e.code === "OSGP_ERR_PICS" && pattern.test(e.message);
    assert.throws(
      () => runConfig("sim-mep", null, pics(true)),
      refused(/PIXIT security\.suite is rc4, but 7\.4\/aes-mode is true, according to the PICS/),
    );
    const aesPixit = join(dir, "pixit.json");
    writeFileSync(aesPixit, JSON.stringify({ security: { suite: "aes128" } }));
    assert.throws(
      () => runConfig("mep:/dev/null", aesPixit),
      refused(
        /is aes128, but 7\.4\/aes-mode is false, according to the PICS's assumed value .*declare 7\.4\/aes-mode true/,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
