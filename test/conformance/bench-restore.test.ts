import { test } from "node:test";
import assert from "node:assert/strict";
import {
  clockRestore,
  inTurn,
  procedureRestore,
  readRestore,
  writeBackCleanup,
  writeRestore,
  type RestoreBench,
} from "../../harness/conformance/bench-restore";
import { runCleanups } from "../../harness/conformance/cleanups";
import { Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";
import type { TableClient } from "../../harness/session/table-client";

const ET03 = 0x803;
const ET10 = 0x80a;
const ET42 = 0x82a;
const BT42 = 42;
const EP95 = 0x800 + 95;
const BP15 = 15;
/** A master key as the PIXIT gives it: its hex and its characters must appear nowhere. */
const KEY_TEXT = "LabKey#7";
const KEY_HEX = "4c61624b65792337";

function bench(o: { pixitFile?: string | null; keyTables?: number[] } = {}): RestoreBench {
  const redactor = new Redactor();
  redactor.add(Secret.fromText(KEY_TEXT, "master key"));
  return {
    targetText: "mep:/dev/ttyUSB1",
    pixitFile: o.pixitFile ?? null,
    keyTables: new Set(o.keyTables ?? []),
    redactor,
  };
}

test("a table's saved bytes are written back by the write bench command, partly at their offset or in full", () => {
  assert.equal(
    writeRestore(bench({ pixitFile: "lab files/my meter's.json" }), ET03, 2, Uint8Array.of(0x41, 0x0a, 0xff)),
    "npx osgp-conformance write ET03 --offset 2 --hex 410aff --yes --target mep:/dev/ttyUSB1 " +
      "--pixit 'lab files/my meter'\\''s.json'",
  );
  assert.equal(
    writeRestore(bench(), 54, null, Uint8Array.of(1, 2)),
    "npx osgp-conformance write BT54 --hex 0102 --yes --target mep:/dev/ttyUSB1",
  );
});

test("procedures, reads and several steps in turn", () => {
  assert.equal(
    procedureRestore(bench(), EP95, Uint8Array.of(3, 0)),
    "npx osgp-conformance procedure EP95 --params 0300 --target mep:/dev/ttyUSB1",
  );
  assert.equal(
    procedureRestore(bench(), BP15, new Uint8Array(0)),
    "npx osgp-conformance procedure BP15 --target mep:/dev/ttyUSB1",
  );
  assert.equal(
    readRestore(bench(), 0x804, 0, 1),
    "npx osgp-conformance read ET04 --offset 0 --count 1 --key master --target mep:/dev/ttyUSB1",
  );
  assert.equal(inTurn(["a 1", "b 2"]), "a 1 && b 2");
  assert.equal(inTurn(["a 1", "by hand: look", "b 2"]), "by hand: in turn: a 1; then look; then b 2");
  assert.equal(inTurn([]), "nothing to put back");
});

test("the clock: on UTC the shell gives the time when the lab runs it; off UTC the lab is told by how much", () => {
  assert.equal(
    clockRestore(bench(), -1.5, 2),
    'npx osgp-conformance clock --target mep:/dev/ttyUSB1 --set "$(date -u +%Y-%m-%dT%H:%M:%SZ)"',
  );
  assert.equal(
    clockRestore(bench(), 90.2, 2),
    "by hand: the clock ran 90 s ahead of UTC before the scenario: set it there again with " +
      "npx osgp-conformance clock --target mep:/dev/ttyUSB1 --set ISO, ISO being UTC at that moment plus 90 s",
  );
});

test("a table that may hold keys gets no command and none of its bytes", () => {
  const bytes = Uint8Array.of(0x11, 0x22, 0x33);
  for (const [b, id, why] of [
    [bench({ keyTables: [ET10] }), ET10, "the PIXIT lists it as holding keys (access.keyTables)"],
    [bench(), BT42, "it is one of C12.19's security tables, which hold passwords and keys"],
    [bench(), ET42, "its layout is the manufacturer's and may hold keys"],
  ] as const) {
    const text = writeRestore(b, id, 0, bytes);
    assert.match(text, /^by hand: write back the 3 byte\(s\) of [BE]T\d\d at offset 0 as the lab's own records/);
    assert.ok(text.endsWith(`${why}, so no command quotes them`), text);
    assert.doesNotMatch(text, /112233/);
  }
});

test("a command whose bytes hold a PIXIT key is not given, even for a table not known to hold keys", () => {
  const key = new TextEncoder().encode(KEY_TEXT);
  assert.equal(
    writeRestore(bench(), ET03, 0, key),
    "by hand: write back the 8 byte(s) of ET03 at offset 0: the command would quote a key of the PIXIT, so none is given",
  );
});

/** A session that refuses every write with isc, as a device does whose clean-up session lacks clearance. */
const REFUSING = {
  writePartial: () => Promise.resolve({ code: 0x03 }),
  writeFull: () => Promise.resolve({ code: 0x03 }),
} as unknown as TableClient;

test("a refused write-back leaves the exact command in the notice, and a key table's clean-up no key byte", async () => {
  const b = bench({ keyTables: [ET10] });
  const key = new TextEncoder().encode(KEY_TEXT);
  const notices: string[] = [];
  const outcome = await runCleanups({
    cleanups: [writeBackCleanup(b, ET10, 4, key), writeBackCleanup(b, ET03, 0, Uint8Array.of(0x42, 0x45))],
    openAdmin: () => Promise.resolve(REFUSING),
    holdOffLeftMs: () => 0,
    waitOutHoldOff: () => Promise.resolve(true),
    stopping: () => null,
    reportLeftChanged: (notice) => {
      notices.push(notice);
      return Promise.resolve();
    },
  });
  assert.deepEqual(outcome.failures, [
    "restore ET03: ET03 could not be written back: isc (0x03)",
    "restore ET10: ET10 could not be written back: isc (0x03)",
  ]);
  assert.equal(
    notices.join("\n"),
    [
      "the device was left changed: a clean-up failed. Not put back:",
      "- restore ET03 (ET03 could not be written back: isc (0x03)): " +
        "npx osgp-conformance write ET03 --offset 0 --hex 4245 --yes --target mep:/dev/ttyUSB1",
      "- restore ET10 (ET10 could not be written back: isc (0x03)): by hand: write back the 8 byte(s) of ET10 " +
        "at offset 4 as the lab's own records give them: the PIXIT lists it as holding keys (access.keyTables), " +
        "so no command quotes them",
    ].join("\n"),
  );
  assert.ok(!notices.join("\n").toLowerCase().includes(KEY_HEX), "the key's hex");
  assert.ok(!notices.join("\n").includes(KEY_TEXT), "the key's characters");
});
