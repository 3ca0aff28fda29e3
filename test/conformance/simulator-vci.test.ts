import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesEqual } from "../../harness/bytes/byte-arrays";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { simulatorPixit } from "../../harness/conformance/target";
import { parseFieldReference } from "../../harness/conformance/vci-field-references";
import { profileNamed } from "../../harness/simulator/profiles";
import { meterOf, tableOf } from "../simulator/meter-requests";

/**
 * 6.4/6.5's fields: ET47 and ET48 have no public layout, so a default naming their bytes would judge
 * another vendor's meter by ours. Only the simulator, whose layout it is, names them.
 */
test("the default VCI fields name no byte of ET47 or ET48", () => {
  const all = Object.values(PIXIT_DEFAULTS.vci).flat();
  assert.deepEqual(
    all.filter((t) => /^ET4[78]\./.test(t)),
    [],
  );
});

test("the simulator's PIXIT adds its own ET47/ET48 fields where its profile has those tables", () => {
  // From the layouts' comments: byte 0 the version (F, 1); ET47.1 the mode (H); ET47.8 and ET48.7 status (M).
  assert.deepEqual(simulatorPixit(profileNamed("reference")).vci, {
    ...PIXIT_DEFAULTS.vci,
    fixed: ["BT01.0", "ET47.0", "ET48.0"],
    meter: ["ET47.8", "ET48.7"],
    host: ["ET03.0", "BT54.0", "ET47.1"],
    values: ["BT00.0=02", "ET47.0=01", "ET48.0=01"],
  });
  assert.deepEqual(simulatorPixit(profileNamed("minimal")).vci, {
    ...PIXIT_DEFAULTS.vci,
    fixed: ["BT01.0"],
    meter: [],
    host: ["ET03.0"],
    values: ["BT00.0=02"],
  });
});

test("the reference meter holds every hard-coded value its PIXIT gives", () => {
  const { meter } = meterOf("reference");
  for (const text of simulatorPixit(profileNamed("reference")).vci.values) {
    const ref = parseFieldReference(text);
    const value = ref.value ?? new Uint8Array(0);
    const held = tableOf(meter, ref.tableId).subarray(ref.offset, ref.offset + value.length);
    assert.ok(bytesEqual(held, value), text);
  }
});
