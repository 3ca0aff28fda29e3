import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ConfigError, DecodeError, SessionError } from "../../harness/errors";
import {
  codesNamed,
  expectResponseCode,
  isBusyRefusal,
  refusalVerdict,
  verdictForError,
} from "../../harness/conformance/checks";
import { clauseGate } from "../../harness/conformance/clause-requirements";
import { featureSupport } from "../../harness/conformance/pics/pics";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { raiseFindings, raiseIfAny, sweepLockedWrites } from "../../harness/conformance/table-sweeps";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import {
  decodeGeneralConfiguration,
  type GeneralConfiguration,
} from "../../harness/protocol/tables/bt00-general-configuration";
import type { ReadResponse, WriteResponse } from "../../harness/protocol/table-responses";
import type { TableClient } from "../../harness/session/table-client";

/**
 * The rule of the README's Verdicts section, one class of evidence at a time: FAIL only for the
 * device's own bytes breaking a requirement; INCONCLUSIVE when the harness cannot decide; NOT
 * APPLICABLE only from the PICS. Allure tells a failure by "Assertion" in the error's name.
 */
const isFail = (e: unknown) => e instanceof ConformanceAssertionError && e.name.includes("Assertion");
const isInconclusive = (e: unknown) =>
  e instanceof Inconclusive && !e.name.includes("Assertion") && !(e as Error).message.includes("Assertion");

/**
 * A BT00 written out by hand: LSB first, ASCII, time format 2, BCD serial, INT32 registers, class
 * "OSGC"; seven bytes of basic tables (BT00..BT55), two of basic procedures, nothing extended.
 * Declared: BT00, BT01, BT07 and BT52; not BT08, and no procedure at all.
 */
const BT00_WITHOUT_BT08_AND_BP10 = parseHex(
  [
    "02 2a 88 4f 53 47 43 02 00 ff 0c 01 00", // format controls, device class, nameplate .. standard revision
    "07 00 02 00 00 00", // dims: 7 bytes of basic tables, 0 extended, 2 bytes of basic procedures, 0 extended, no status, no pending
    "83 00 00 00 00 00 10", // tables used: BT00, BT01, BT07 (byte 0 = 0b1000_0011); BT52 (byte 6 bit 4)
    "00 00", // procedures used: none
    "80 00 00 00 00 00 00", // tables writeable: BT07
  ].join(" "),
);

function handWritten(): GeneralConfiguration {
  const d = decodeGeneralConfiguration(BT00_WITHOUT_BT08_AND_BP10);
  assert.ok(d.ok, d.ok ? "" : d.error.message);
  return d.value;
}

test("a device breach FAILs, naming the rule and carrying the bytes", () => {
  const evidence = [{ label: "response", hex: "04" }];
  assert.throws(
    () => expectResponseCode(RESPONSE_CODE.onp, [RESPONSE_CODE.iar], "a write of a fixed field", evidence),
    (e: unknown) =>
      isFail(e) &&
      /a write of a fixed field: the device answered onp \(0x04\).*allowed: iar \(0x05\)/.test((e as Error).message) &&
      /response: \[04\]/.test((e as Error).message),
  );
  const breach = new ConformanceAssertionError("BT52 does not advance");
  assert.equal(verdictForError(breach, "the clock"), breach, "a FAIL stays a FAIL");
  assert.throws(
    () =>
      raiseIfAny(
        [{ subject: "ET02", detail: "under the write lock, but a write was answered ok (0x00)" }],
        "the hardware lock must refuse writes (7.5)",
      ),
    (e: unknown) => isFail(e) && /7\.5\): 1 violation\(s\)\n  ET02: under the write lock/.test((e as Error).message),
  );
});

test("silence decides nothing: a response time-out is INCONCLUSIVE, with what was asked", () => {
  const v = verdictForError(
    new SessionError("OSGP_ERR_RESPONSE_TIMEOUT", "no response within 2000 ms"),
    "the read of BT21",
  );
  assert.ok(isInconclusive(v));
  assert.match(v.message, /^the read of BT21: OSGP_ERR_RESPONSE_TIMEOUT: no response within 2000 ms/);
});

test("the device's bytes that do not decode FAIL, with the offset", () => {
  const truncated = BT00_WITHOUT_BT08_AND_BP10.subarray(0, 30);
  const d = decodeGeneralConfiguration(truncated);
  assert.ok(!d.ok && d.error instanceof DecodeError);
  const v = verdictForError(d.ok ? null : d.error, "BT00");
  assert.ok(isFail(v));
  assert.match(v.message, /^BT00: the device's answer does not decode: OSGP_ERR_TRUNCATED/);
});

test("a lock on the table the check needs is INCONCLUSIVE; any other refusal of it FAILs", () => {
  for (const code of [RESPONSE_CODE.isc, RESPONSE_CODE.dlk, RESPONSE_CODE.bsy, RESPONSE_CODE.dnr]) {
    const v = refusalVerdict(code, "a read of BT21 (10 bytes from offset 0)");
    assert.ok(isInconclusive(v), `code ${code}`);
    assert.match(v.message, /cannot be judged/);
  }
  const onp = refusalVerdict(RESPONSE_CODE.onp, "a read of BT21 (10 bytes from offset 0)");
  assert.ok(isFail(onp));
  assert.match(
    onp.message,
    /^a read of BT21 \(10 bytes from offset 0\): the device answered onp \(0x04\) \(operation not possible\)$/,
  );
});

test("where a refusal for clearance or a lock is the breach (7.5), only a busy device leaves it undecided", () => {
  for (const code of [RESPONSE_CODE.isc, RESPONSE_CODE.dlk])
    assert.ok(isFail(refusalVerdict(code, "a write of the scratch area", [], isBusyRefusal)), `code ${code}`);
  for (const code of [RESPONSE_CODE.bsy, RESPONSE_CODE.dnr])
    assert.ok(isInconclusive(refusalVerdict(code, "a write of the scratch area", [], isBusyRefusal)), `code ${code}`);
});

/** Table 2 can be read and is locked as it should be; table 3 is locked against reads as well. */
function lockedDevice(): TableClient & { writes: number[] } {
  const writes: number[] = [];
  const read = async (t: number): Promise<ReadResponse> =>
    t === 3 ? ({ code: RESPONSE_CODE.isc } as ReadResponse) : { code: 0, data: parseHex("11 22") };
  const write = async (t: number): Promise<WriteResponse> => {
    writes.push(t);
    return { code: RESPONSE_CODE.isc } as WriteResponse;
  };
  return {
    writes,
    codec: { checksum: true },
    maxReadChunk: 64,
    lastResponse: null,
    requestRaw: async () => new Uint8Array(0),
    readFull: read,
    readPartial: read,
    writeFull: write,
    writePartial: write,
  };
}

test("a locked table whose content cannot be read is undecided, not written, and not a violation", async () => {
  const device = lockedDevice();
  const found = await sweepLockedWrites(device, ["BT02", "BT03"], [RESPONSE_CODE.isc]);
  assert.deepEqual(found.violations, []);
  assert.deepEqual(
    found.undecided.map((u) => u.subject),
    ["BT03"],
  );
  assert.deepEqual(device.writes, [2], "only the table read first is written");
  assert.throws(
    () => raiseFindings(found, "the hardware lock must refuse writes (7.5)"),
    (e: unknown) =>
      isInconclusive(e) &&
      /no violation seen, but 1 item\(s\) could not be decided:\n  BT03: its own content could not be read \(isc/.test(
        (e as Error).message,
      ),
  );
});

test("with a violation among undecided items the sweep FAILs and still names the undecided ones", () => {
  const found = {
    violations: [{ subject: "ET02", detail: "a write was answered ok (0x00)" }],
    undecided: [{ subject: "BT03", detail: "could not be read" }],
  };
  assert.throws(
    () => raiseFindings(found, "7.5"),
    (e: unknown) =>
      isFail(e) &&
      /1 violation\(s\)\n  ET02: .*\n1 item\(s\) could not be decided:\n  BT03: could not be read/.test(
        (e as Error).message,
      ),
  );
  assert.doesNotThrow(() => raiseFindings({ violations: [], undecided: [] }, "7.5"));
});

test("a mandatory clause whose tables BT00 does not declare FAILs, naming the clause and exactly what is missing, with BT00 attached", () => {
  const v = clauseGate("8.3.1", handWritten(), PIXIT_DEFAULTS, [{ label: "BT00", hex: "02 2a 88" }]);
  assert.ok(isFail(v));
  const m = (v as Error).message;
  assert.match(m, /^clause 8\.3\.1 \(Absolute Time Synch\) is mandatory, but BT00 does not declare BT08, BP10: /);
  assert.match(m, /\n  BT00: \[02 2a 88\]$/);
  assert.doesNotMatch(m.split(":")[0] ?? "", /BT52|BT07/);
});

test("a clause's table named by the PIXIT is judged where the PIXIT puts it", () => {
  const v = clauseGate("8.19", handWritten(), PIXIT_DEFAULTS);
  assert.match(
    (v as Error).message,
    /^clause 8\.19 \(Compatibility Settings\) is mandatory, but BT00 does not declare ET54 \(PIXIT control\.icsField\)/,
  );
  const moved = { ...PIXIT_DEFAULTS, control: { ...PIXIT_DEFAULTS.control, icsField: "BT52.0.0" } };
  assert.equal(clauseGate("8.19", handWritten(), moved), null, "BT52 is declared");
});

test("a clause that applies with a PICS item says so; a clause gated by its own item says it is implemented", () => {
  assert.match(
    (clauseGate("8.5.2.1", handWritten(), PIXIT_DEFAULTS) as Error).message,
    /^clause 8\.5\.2\.1 \(M-Bus Data Types and ET57\) is mandatory where 8\.18 \(M-Bus device support\) is implemented, as the PICS says it is here, but BT00 does not declare BT61, BT62, BT65, ET57:/,
  );
  assert.match(
    (clauseGate("8.3.2", handWritten(), PIXIT_DEFAULTS) as Error).message,
    /^clause 8\.3\.2 \(Clock Adjustment by Delta\) is implemented, as the PICS says, but BT00 does not declare BT08, BP10, EP16 \(PIXIT clock\.deltaProcedure\):/,
  );
});

test("configuration errors are neither FAIL nor a verdict on the device", () => {
  const pixitError = new ConfigError("OSGP_ERR_PIXIT", 'expect.insufficientKey: "nope" is not a response code');
  assert.equal(verdictForError(pixitError, "anything"), pixitError);
  assert.ok(!pixitError.name.includes("Assertion"));
  assert.throws(
    () => codesNamed(["nope"], "expect.insufficientKey"),
    (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_PIXIT",
  );
  assert.throws(
    () => clauseGate("8.99", handWritten(), PIXIT_DEFAULTS),
    (e: unknown) => e instanceof ConfigError && /clause "8\.99" has no entry/.test((e as Error).message),
  );
  const noDelta = { ...PIXIT_DEFAULTS, clock: { ...PIXIT_DEFAULTS.clock, deltaProcedure: null } };
  assert.throws(
    () => clauseGate("8.3.2", handWritten(), noDelta),
    (e: unknown) => isInconclusive(e) && /clock\.deltaProcedure is null/.test((e as Error).message),
  );
});

test("not applicable comes from the PICS: the lab's file first, else BT00's evidence", () => {
  const declaredNo = featureSupport("8.18", { "8.18": false }, handWritten());
  assert.deepEqual(declaredNo, { supported: false, source: "the PICS" });
  const derived = featureSupport("8.18", null, handWritten());
  assert.equal(derived.supported, false);
  assert.match(derived.source, /^BT00 \(evidence: ET13, ET14, ET15, ET16, EP17, EP19\)/);
  assert.equal(
    featureSupport("8.18", { "8.18": true }, handWritten()).supported,
    true,
    "the PICS decides even against BT00",
  );
});
