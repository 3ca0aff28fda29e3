import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { EXTENDED_BASE } from "../../harness/protocol/table-id";
import { C1218_TABLE_CODEC, encodeTableRequest, withWrongDataChecksum } from "../../harness/protocol/table-requests";
import {
  isProcedureUsed,
  isTableUsed,
  isTableWriteable,
} from "../../harness/protocol/tables/bt00-general-configuration";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { BT07, encodeProcedureInitiate } from "../../harness/protocol/tables/bt07-procedure-initiate";
import { BT52 } from "../../harness/protocol/tables/bt52-clock";
import { ET03 } from "../../harness/protocol/tables/et03-utility-information";
import { profileNamed } from "../../harness/simulator/profiles";
import { ET02 } from "../../harness/protocol/tables/et02-rtc-calibration";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { BP03 } from "../../harness/simulator/procedures/clear-data";
import { BP10 } from "../../harness/protocol/procedures/bp10-set-date-time";
import { EP16 } from "../../harness/protocol/procedures/ep16-clock-delta";
import { BP06 } from "../../harness/protocol/procedures/bp06-change-end-device-mode";
import { BP07, BP08 } from "../../harness/protocol/procedures/bp07-bp08-clear-status-flags";
import { EP05 } from "../../harness/protocol/procedures/ep05-control-relay";
import { EP30 } from "../../harness/protocol/procedures/ep30-load-contactor-control";
import { EP94 } from "../../harness/protocol/procedures/ep94-control-bench";
import { BP12 } from "../../harness/protocol/procedures/bp12-activate-all-pending";
import { BP13 } from "../../harness/protocol/procedures/bp13-activate-specific-pending";
import { BP14 } from "../../harness/protocol/procedures/bp14-clear-all-pending";
import { BP15 } from "../../harness/protocol/procedures/bp15-clear-specific-pending";
import type { AccessLevel } from "../../harness/simulator/access-levels";
import {
  bt00Of,
  bt08Of,
  codeOf,
  dataOf,
  fullRead,
  fullWrite,
  initiate,
  meterOf,
  NO_LIMIT,
  partialRead,
  partialWrite,
  tableOf,
} from "./meter-requests";

const { ok, err, isc, onp, iar, rno } = RESPONSE_CODE;
/** ET03 holds the 30-character utility serial (its layout); a table that only provisioning may write. */
const ET03_SIZE = 30;
/** BT05 is a standard table the reference meter does not implement. */
const ABSENT = 5;

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

// --- 7.0 access matrix ----------------------------------------------------------------------

test("7.0: BT00, BT01 and ET03 are open tables, readable with no key", () => {
  const { meter } = meterOf();
  for (const id of [0, BT01, ET03]) assert.equal(codeOf(meter, fullRead(id), "none"), ok, `table ${id}`);
});

test("7.0: BT52 needs the reader key: none -> isc, reader -> ok", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, fullRead(BT52), "none"), isc);
  assert.equal(codeOf(meter, fullRead(BT52), "reader"), ok);
});

test("7.0: ET02 (RTC calibration) needs the provisioning key: reader -> isc, provisioning -> ok", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, fullRead(ET02), "reader"), isc);
  assert.equal(codeOf(meter, fullRead(ET02), "provisioning"), ok);
});

test("7.0: writes to ET03 need the provisioning key: none and reader -> isc, provisioning -> ok", () => {
  const { meter } = meterOf();
  const write = fullWrite(ET03, bytes(ET03_SIZE, 0x41));
  const levels: [AccessLevel, number][] = [
    ["none", isc],
    ["reader", isc],
    ["provisioning", ok],
    ["master", ok],
  ];
  for (const [level, code] of levels) assert.equal(codeOf(meter, write, level), code, level);
});

test("BT01 is not writeable: even the master key gets iar (0x05)", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, fullWrite(BT01, tableOf(meter, BT01)), "master"), iar);
});

test("a table the meter does not have is onp (0x04), for reads and writes alike", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, fullRead(ABSENT)), onp);
  assert.equal(codeOf(meter, partialRead(ABSENT, 0, 1)), onp);
  assert.equal(codeOf(meter, fullWrite(ABSENT, bytes(1, 0))), onp);
});

test("7.5: the reference profile's hardware lock refuses the master key ET02 writes and BP03 (isc)", () => {
  const { meter } = meterOf("reference");
  const et02 = tableOf(meter, ET02);
  assert.equal(codeOf(meter, fullWrite(ET02, et02), "master"), isc);
  assert.equal(initiate(meter, BP03, 1, new Uint8Array(0), "master"), isc);
  // Refused before it ran: BT08 still holds no posted result (all zero), and BT07 was not taken.
  assert.equal(bt08Of(meter).procedureId, 0);
  assert.ok(tableOf(meter, BT07).every((b) => b === 0));
});

test("the minimal profile has no ET02 and no hardware lock: BP03 is merely unknown there", () => {
  const { meter } = meterOf("minimal");
  assert.equal(codeOf(meter, fullRead(ET02), "master"), onp);
  assert.equal(codeOf(meter, fullWrite(ET02, bytes(8, 0)), "master"), onp);
  // Not blocked: the write is taken, and BT08 reports "unrecognized procedure" (6).
  assert.equal(initiate(meter, BP03, 1, new Uint8Array(0), "master"), ok);
  assert.deepEqual([bt08Of(meter).procedureId, bt08Of(meter).resultCode], [BP03, 6]);
});

// --- 9.0 write and read rules ---------------------------------------------------------------

test("9.0: a full write longer than the table is ok and its surplus ignored", () => {
  const { meter } = meterOf();
  const data = Uint8Array.from({ length: ET03_SIZE + 5 }, (_, i) => 0x30 + i);
  assert.equal(codeOf(meter, fullWrite(ET03, data)), ok);
  assert.deepEqual(tableOf(meter, ET03), data.subarray(0, ET03_SIZE));
});

test("9.0: a full write shorter than the table changes only the bytes it carries", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, ET03);
  assert.equal(codeOf(meter, fullWrite(ET03, Uint8Array.of(0x61, 0x62, 0x63))), ok);
  const expected = before.slice();
  expected.set([0x61, 0x62, 0x63], 0);
  assert.deepEqual(tableOf(meter, ET03), expected);
});

test("9.0: a partial write running past the end is ok; the bytes inside land, the surplus is ignored", () => {
  const { meter } = meterOf();
  assert.equal(codeOf(meter, fullWrite(ET03, bytes(ET03_SIZE, 0x11))), ok);
  assert.equal(codeOf(meter, partialWrite(ET03, ET03_SIZE - 2, Uint8Array.of(0xa1, 0xa2, 0xa3, 0xa4))), ok);
  const expected = bytes(ET03_SIZE, 0x11);
  expected.set([0xa1, 0xa2], ET03_SIZE - 2);
  assert.deepEqual(tableOf(meter, ET03), expected);
});

test("9.0: a partial write wholly past the end is all surplus: ok, the table unchanged", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, ET03);
  assert.equal(codeOf(meter, partialWrite(ET03, ET03_SIZE + 10, Uint8Array.of(1, 2))), ok);
  assert.deepEqual(tableOf(meter, ET03), before);
});

test("9.0: a partial read past the end is padded with zeros", () => {
  const { meter } = meterOf();
  // Fill the table with non-zero bytes so that the padding cannot be mistaken for table content.
  assert.equal(codeOf(meter, fullWrite(ET03, bytes(ET03_SIZE, 0xaa))), ok);
  const data = dataOf(meter, partialRead(ET03, ET03_SIZE - 3, 8));
  assert.deepEqual(data, Uint8Array.of(0xaa, 0xaa, 0xaa, 0, 0, 0, 0, 0));
});

test("a response longer than the negotiated limit is rno (0x09); one that just fits is served", () => {
  const { meter } = meterOf();
  // A read response is code (1) + count (2) + data + the C12.18 data checksum (1).
  const count = 10;
  const needed = 1 + 2 + count + 1;
  assert.equal(codeOf(meter, partialRead(BT01, 0, count), "none", needed), ok);
  assert.equal(codeOf(meter, partialRead(BT01, 0, count), "none", needed - 1), rno);
});

test("a write whose data checksum is wrong is err (0x01) and leaves the table unchanged", () => {
  const { meter } = meterOf();
  const before = tableOf(meter, ET03);
  const bad = withWrongDataChecksum(encodeTableRequest(fullWrite(ET03, bytes(ET03_SIZE, 0x42)), C1218_TABLE_CODEC));
  assert.deepEqual(meter.serve(bad, "master", C1218_TABLE_CODEC, NO_LIMIT), Uint8Array.of(err));
  assert.deepEqual(tableOf(meter, ET03), before);
});

// --- BT00 tells the truth (A.1) -------------------------------------------------------------

/** Every id BT00's bitmaps can describe: dimStdTablesUsed / dimMfgTablesUsed bytes of 8 bits each. */
function describableIds(dimStd: number, dimMfg: number): number[] {
  return [
    ...Array.from({ length: dimStd * 8 }, (_, n) => n),
    ...Array.from({ length: dimMfg * 8 }, (_, n) => EXTENDED_BASE + n),
  ];
}

/**
 * What each profile implements, listed by hand from the functions' documentation: BP04/BP05 (list
 * pointers, load profile 8.5) and BP09 (remote reset, billing 8.4) and BP10 are mandatory; the
 * reference profile adds BP03, BP06-BP08 (test mode, status flags), BP12-BP15 (pending tables),
 * EP05 (relay), EP16 (clock delta), EP17/EP19 (M-Bus), EP30 (contactor), EP39 (MEP posting) and the
 * simulator's bench procedures EP94 and EP95.
 */
const EP = (n: number) => 2048 + n;
const PROCEDURES_OF = {
  reference: [
    BP03,
    4,
    5,
    BP06,
    BP07,
    BP08,
    9,
    BP10,
    BP12,
    BP13,
    BP14,
    BP15,
    EP05,
    EP16,
    EP(17),
    EP(19),
    EP30,
    EP(39),
    EP94,
    EP(95),
  ],
  minimal: [4, 5, 9, BP10],
} as const;

for (const [profile, procedures] of Object.entries(PROCEDURES_OF)) {
  test(`A.1 (${profile}): BT00 marks used exactly the tables a master-key partial read does not answer onp`, () => {
    const { meter } = meterOf(profile);
    const c = bt00Of(meter);
    const ids = describableIds(c.dimStdTablesUsed, c.dimMfgTablesUsed);
    assert.deepEqual([ids.length, ids[79], ids[80], ids.at(-1)], [80 + 104, 79, 2048, 2151]);
    const readable = ids.filter((id) => codeOf(meter, partialRead(id, 0, 1)) !== onp);
    assert.deepEqual(
      ids.filter((id) => isTableUsed(c, id)),
      readable,
    );
    assert.ok(readable.includes(0) && readable.includes(BT01), "BT00 and BT01 are mandatory");
  });

  test(`A.1 (${profile}): BT00's writeable bits match which tables take a master-key write of their own content`, () => {
    const { meter } = meterOf(profile);
    const c = bt00Of(meter);
    // ET02 is writeable but under the reference profile's hardware lock; BT07 starts procedures.
    const ids = describableIds(c.dimStdTablesUsed, c.dimMfgTablesUsed).filter(
      (id) => isTableUsed(c, id) && id !== ET02 && id !== BT07,
    );
    const accepted = ids.filter((id) => codeOf(meter, fullWrite(id, tableOf(meter, id))) === ok);
    assert.deepEqual(
      ids.filter((id) => isTableWriteable(c, id)),
      accepted,
    );
    assert.ok(accepted.includes(ET03), "ET03 is host-writeable");
    // BT07 must be writeable: writing it is how a procedure starts (9.13).
    assert.ok(isTableWriteable(c, BT07));
  });

  test(`A.1 (${profile}): BT00's procedure bits are exactly the procedures the profile implements`, () => {
    const { meter } = meterOf(profile);
    const c = bt00Of(meter);
    const all = [
      ...Array.from({ length: c.dimStdProcUsed * 8 }, (_, n) => n),
      ...Array.from({ length: c.dimMfgProcUsed * 8 }, (_, n) => 2048 + n),
    ];
    assert.deepEqual(
      all.filter((id) => isProcedureUsed(c, id)),
      [...procedures].sort((x, y) => x - y),
    );
  });
}

test("9.13: a provisioning-key full write of BT07 is taken and kept; the reader key may not write BT07", () => {
  const { meter } = meterOf();
  const bt07 = encodeProcedureInitiate(
    { procedureId: BP10, selector: 0, sequence: 3, parameters: Uint8Array.of(3, 24, 6, 1, 0, 0, 0, 0) },
    "le",
  );
  assert.equal(codeOf(meter, fullWrite(BT07, bt07), "provisioning"), ok);
  assert.deepEqual(tableOf(meter, BT07).subarray(0, bt07.length), bt07);
  assert.equal(initiate(meter, BP10, 4, Uint8Array.of(3, 24, 6, 1, 0, 0, 0, 0), "reader"), isc);
  // Whatever it holds, even bytes that name no procedure: the key level is checked first.
  assert.equal(codeOf(meter, fullWrite(BT07, Uint8Array.of(0x0a)), "reader"), isc);
});

test("7.5: a hardware lock given as an option replaces the profile's, for reads, writes and procedures", () => {
  const meter = new ReferenceMeter({
    profile: profileNamed("reference"),
    hardwareLock: { read: [BT01], write: [], procedures: [BP10] },
  });
  assert.equal(codeOf(meter, fullRead(BT01), "master"), RESPONSE_CODE.isc);
  assert.equal(
    codeOf(meter, fullWrite(ET02, new Uint8Array(8)), "master"),
    RESPONSE_CODE.ok,
    "ET02 is no longer locked",
  );
  assert.equal(initiate(meter, BP10, 7, new Uint8Array(8), "master"), RESPONSE_CODE.isc);
});
