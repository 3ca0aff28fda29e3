import { test } from "node:test";
import assert from "node:assert/strict";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { C1218_TABLE_CODEC, encodeTableRequest, withWrongDataChecksum } from "../../harness/protocol/table-requests";
import { decodeReadResponse } from "../../harness/protocol/table-responses";
import { isTableUsed, isTableWriteable } from "../../harness/protocol/tables/bt00-general-configuration";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { ET03 } from "../../harness/protocol/tables/et03-utility-information";
import { BP10 } from "../../harness/protocol/procedures/bp10-set-date-time";
import { encodeClockDelta, EP16 } from "../../harness/protocol/procedures/ep16-clock-delta";
import { PROCEDURE_RESULT } from "../../harness/protocol/procedures/procedure-result-codes";
import { DEFECTS, type DefectName } from "../../harness/simulator/defects";
import { PLC_DEFECTS } from "./plc-defects";
import { CORE_DEFECTS } from "../../harness/simulator/defects/core-defects";

/** The device functions' defects are checked in their groups' own tests (billing-defects.test.ts, ...). */
type CoreDefect = keyof typeof CORE_DEFECTS;
import { SECURED_DEFECTS } from "./secured-defects";
import { ET04, ET04_FIELDS } from "../../harness/protocol/tables/et04-system-information";
import { ET54, ET54_FIELDS } from "../../harness/protocol/tables/et54-meter-status";
import { encodeTransaction, ET52 } from "../../harness/protocol/transactions";
import { EXTENDED_BASE } from "../../harness/protocol/table-id";

const ET42 = EXTENDED_BASE + 42;
import type { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import { ET02 } from "../../harness/protocol/tables/et02-rtc-calibration";
import { BT51, decodeActualTimeTou } from "../../harness/protocol/tables/bt51-actual-time-tou";
import { BT54 } from "../../harness/protocol/tables/bt54-calendar";
import {
  bt00Of,
  bt08Of,
  clockMsOf,
  codeOf,
  dataOf,
  type FakeTicks,
  fullRead,
  fullWrite,
  initiate,
  meterOf,
  NO_LIMIT,
  partialRead,
  partialWrite,
  serve,
  START_MS,
  tableOf,
} from "./meter-requests";

/**
 * Each defect breaks one requirement. For each, a check that the requirement is violated: it must
 * be false on the clean reference meter and true with the defect on, so that the check really
 * tells the two apart. The two link-level defects are shown in optical-port.test.ts.
 */
const { ok, err, isc, onp } = RESPONSE_CODE;
const ABSENT = 5;
const ET03_SIZE = 30;
/** BT01 (A.2): manufacturer char[4], model char[8], four UINT8 versions, then the 8-byte BCD serial. */
const BT01_SIZE = 4 + 8 + 4 + 8;
const SERIAL_AT = 16;
const BP10_JULY_4 = Uint8Array.of(0x03, 31, 7, 4, 10, 20, 30, 0); // set date and time: 2031-07-04 10:20:30
const delta = (s: number) => encodeClockDelta({ deltaSeconds: s }, "le");

type Violation = (meter: ReferenceMeter, ticks: FakeTicks) => boolean;

/** Shown by the optical port, not by the meter alone. */
const PORT_DEFECTS: readonly DefectName[] = ["bad-response-crc", "unknown-service-wrong-code"];

const VIOLATIONS: Record<
  Exclude<
    CoreDefect,
    "bad-response-crc" | "unknown-service-wrong-code" | (typeof SECURED_DEFECTS)[number] | (typeof PLC_DEFECTS)[number]
  >,
  Violation
> = {
  "unknown-table-wrong-code": (m) => codeOf(m, fullRead(ABSENT)) !== onp,
  "bad-read-checksum": (m) => !decodeReadResponse(serve(m, fullRead(BT01)), C1218_TABLE_CODEC).ok,
  "full-read-truncated": (m) => tableOf(m, BT01).length !== BT01_SIZE,
  "accepts-bad-write-checksum": (m) => {
    const bad = withWrongDataChecksum(
      encodeTableRequest(fullWrite(ET03, new Uint8Array(ET03_SIZE).fill(0x42)), C1218_TABLE_CODEC),
    );
    return m.serve(bad, "master", C1218_TABLE_CODEC, NO_LIMIT)[0] !== err || tableOf(m, ET03)[0] === 0x42;
  },
  "write-surplus-refused": (m) => codeOf(m, fullWrite(ET03, new Uint8Array(ET03_SIZE + 1))) !== ok,
  "reader-can-write": (m) => codeOf(m, fullWrite(ET03, new Uint8Array(ET03_SIZE)), "reader") !== isc,
  "partial-read-off-by-one": (m) => {
    const whole = tableOf(m, BT01);
    return Buffer.compare(dataOf(m, partialRead(BT01, 4, 8)), whole.subarray(4, 12)) !== 0;
  },
  "no-zero-padding": (m) => codeOf(m, partialRead(ET03, ET03_SIZE - 2, 4)) !== ok,
  "partial-write-wrong-offset": (m) => {
    codeOf(m, partialWrite(ET03, 2, Uint8Array.of(0x41)));
    return tableOf(m, ET03)[2] !== 0x41;
  },
  // 9.9: an error response is the code alone.
  "error-response-with-data": (m) => serve(m, fullRead(ABSENT)).length !== 1,
  "stale-bt08-sequence": (m) => {
    initiate(m, BP10, 1, BP10_JULY_4);
    initiate(m, BP10, 2, BP10_JULY_4);
    return bt08Of(m).sequence !== 2;
  },
  "procedure-bad-parameters-accepted": (m) => {
    initiate(m, BP10, 1, Uint8Array.of(0x03, 24, 13, 1, 0, 0, 0, 0)); // month 13
    return bt08Of(m).resultCode !== PROCEDURE_RESULT["invalid-parameter"];
  },
  "repeated-psn-accepted": (m) => {
    initiate(m, BP10, 9, BP10_JULY_4);
    return initiate(m, BP10, 9, BP10_JULY_4) !== onp;
  },
  "procedure-never-completes": (m, ticks) => {
    initiate(m, EP16, 1, delta(1));
    ticks.advance(profileNamed("reference").clockDeltaDurationMs + 1000);
    return bt08Of(m).resultCode !== PROCEDURE_RESULT.completed;
  },
  "ignores-hardware-lock": (m) => codeOf(m, fullWrite(ET02, tableOf(m, ET02))) === ok,
  "hardware-lock-wrong-code": (m) => codeOf(m, fullWrite(ET02, tableOf(m, ET02))) === err,
  "clock-frozen": (m, ticks) => {
    const before = clockMsOf(m);
    ticks.advance(5000);
    return clockMsOf(m) !== before + 5000;
  },
  "bp10-ignores-date": (m) => {
    initiate(m, BP10, 1, BP10_JULY_4);
    return clockMsOf(m) !== Date.UTC(2031, 6, 4, 10, 20, 30);
  },
  "clock-delta-sign": (m) => {
    initiate(m, EP16, 1, delta(3600));
    return clockMsOf(m) !== START_MS + 3600_000;
  },
  // A.1: a table marked used must be there: some used id answered onp is a lie.
  "bt00-bitmap-lies": (m) => {
    const c = bt00Of(m);
    return isTableUsed(c, ABSENT) && codeOf(m, partialRead(ABSENT, 0, 1)) === onp;
  },
  "bt00-wrong-write-bitmap": (m) =>
    codeOf(m, fullWrite(ET03, tableOf(m, ET03))) === ok && !isTableWriteable(bt00Of(m), ET03),
  // BT51's calendar size, a UINT16 read in the order BT00 declares, must be BT54's length.
  "bt00-data-order-lies": (m) => {
    const d = decodeActualTimeTou(tableOf(m, BT51), bt00Of(m).dataOrder);
    return !d.ok || d.value.calendarTableSize !== tableOf(m, BT54).length;
  },
  // BT00 says id format BCD, so every nibble of the BT01 serial must be a decimal digit.
  "bt01-serial-not-bcd": (m) =>
    bt00Of(m).idFormat === "bcd" && [...tableOf(m, BT01).subarray(SERIAL_AT)].some((b) => b >> 4 > 9 || (b & 0x0f) > 9),
  // 7.4: each protected message counts against the unicast key (ET54 @82, UINT32 LSB first).
  "key-usage-not-counted": (m) => {
    m.interface.countUnicastUse();
    return tableOf(m, ET54)[ET54_FIELDS.unicastKeyUsage.offset] !== 1;
  },
  // 6.8: an interface change (a new ET42) increments ET04's IDT version.
  "ica-idt-version-unchanged": (m) => {
    const before = tableOf(m, ET04)[ET04_FIELDS.idtVersion.offset] as number;
    codeOf(m, partialWrite(ET42, 0, Uint8Array.of(0x99)));
    return tableOf(m, ET04)[ET04_FIELDS.idtVersion.offset] !== before + 1;
  },
  // 9.10: the same transaction (number and image) written twice runs once.
  "transaction-duplicate-executed": (m) => {
    const image = encodeTransaction(
      {
        type: 0,
        number: 4,
        entries: [
          encodeTableRequest(
            { service: "partial-write", tableId: ET03, offset: 0, data: Uint8Array.of(0x61) },
            { checksum: false },
          ),
        ],
      },
      "le",
    );
    codeOf(m, fullWrite(ET52, image));
    codeOf(m, partialWrite(ET03, 0, Uint8Array.of(0x62)));
    codeOf(m, fullWrite(ET52, image));
    return tableOf(m, ET03)[0] !== 0x62;
  },
};

test("every core defect has a check here, in optical-port.test.ts, mep-port-defects.test.ts or plc-defects.test.ts", () => {
  assert.deepEqual(
    [...Object.keys(VIOLATIONS), ...PORT_DEFECTS, ...SECURED_DEFECTS, ...PLC_DEFECTS].sort(),
    Object.keys(CORE_DEFECTS).sort(),
  );
});

for (const [defect, violated] of Object.entries(VIOLATIONS) as [DefectName, Violation][]) {
  test(`defect ${defect} (${DEFECTS[defect].clause}): ${DEFECTS[defect].what}`, () => {
    const clean = meterOf("reference");
    assert.equal(violated(clean.meter, clean.ticks), false, "the clean meter must pass this check");
    const broken = meterOf("reference", [defect]);
    assert.equal(violated(broken.meter, broken.ticks), true, "the defect must show");
  });
}
