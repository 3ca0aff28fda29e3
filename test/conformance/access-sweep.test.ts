import { test } from "node:test";
import assert from "node:assert/strict";
import {
  accessRulesOf,
  judgeAccessSweep,
  planAccessSweep,
  raiseAccessVerdict,
  type ItemOutcome,
  type SweepPlan,
  type SweepRole,
} from "../../harness/conformance/access-sweep";
import { overlayPixit, PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { toHex } from "../../harness/bytes/hex";
import type { GeneralConfiguration } from "../../harness/protocol/tables/bt00-general-configuration";
import { parseTableName } from "../../harness/protocol/table-id";
import { configDeclaring } from "../support/fake-table-device";

/**
 * The plan of each role over a hand-built BT00, against expectations written out by hand from the
 * access rules; then the judge on made-up answers.
 */
const { isc, dlk, err, ok, iar, onp, isss } = {
  ok: 0x00,
  err: 0x01,
  isc: 0x03,
  onp: 0x04,
  iar: 0x05,
  dlk: 0x08,
  isss: 0x0a,
};

/** BT00 declaring `used` tables, of which `writeable` may be written, and two procedures of each kind. */
function config(used: readonly string[], writeable: readonly string[]): GeneralConfiguration {
  return { ...configDeclaring(used, writeable), dimStdProcUsed: 2, dimMfgProcUsed: 2 };
}

const DEVICE = config(
  ["BT00", "BT01", "BT03", "BT07", "ET02", "ET03", "ET10", "ET42", "ET52"],
  ["BT07", "ET02", "ET03", "ET10", "ET42", "ET52"],
);

/**
 * ET10 holds keys; BT03 is under the read lock, ET02 (calibration, the reader's denied table) under
 * the write lock. The lock answers dlk here, so that its codes can be told from the key's (isc).
 */
function rulesWith(access: Record<string, unknown> = {}, lock: Record<string, unknown> = {}) {
  return accessRulesOf(
    overlayPixit(PIXIT_DEFAULTS, {
      access: { keyTables: ["ET10"], ...access },
      device: { hardwareLock: { read: ["BT03"], write: ["ET02"], procedures: [], ...lock } },
      expect: { hardwareLock: ["dlk"] },
    }),
  );
}

/**
 * One line per planned request: subject, operation, granted or refused, the
 * codes that agree with the rules (sorted), where a write's content comes from.
 */
function lines(plan: SweepPlan): string[] {
  return plan.items.map(
    (i) =>
      `${i.subject} ${i.operation} ${i.granted ? "granted" : "refused"} ${[...i.codes].sort((a, b) => a - b).join(",")}${i.contentFrom === undefined ? "" : ` from ${i.contentFrom}`}`,
  );
}

const plan = (role: SweepRole, rules = rulesWith()) => planAccessSweep(role, DEVICE, rules);
const W = `${ok},${onp},${iar}`; // a granted write: ok, or a refusal the write rules allow (expect.notWriteable)

const NO_KEY = [
  `BT00 read granted ${ok}`,
  `BT01 read granted ${ok}`,
  `BT03 read refused ${isc},${dlk}`,
  `BT07 read refused ${isc}`,
  `ET02 read refused ${isc}`,
  `ET03 read granted ${ok}`,
  `ET10 read refused ${isc}`,
  `ET42 read refused ${isc}`,
  `ET52 read refused ${isc}`,
  `ET02 write refused ${isc},${dlk} from master`,
  `ET03 write refused ${isc} from session`,
  `ET42 write refused ${isc} from master`,
  `BT07 (BP10) procedure refused ${isc}`,
];

test("no key: the open tables only are read; every write and the procedure refused (isc, and the lock's codes where it applies)", () => {
  const p = plan("none");
  assert.deepEqual(lines(p), NO_KEY);
  assert.deepEqual(p.logon, { kind: "none" });
  assert.equal(p.label, "a session with no key");
});

/**
 * After a refused password: the no-key plan as an upper bound. The open tables may also be refused
 * (isc) and any request may meet a session the device ended (isss); nothing may be served beyond them.
 */
const AFTER_REFUSAL = [
  `BT00 read granted ${ok},${isc},${isss}`,
  `BT01 read granted ${ok},${isc},${isss}`,
  `BT03 read refused ${isc},${dlk},${isss}`,
  `BT07 read refused ${isc},${isss}`,
  `ET02 read refused ${isc},${isss}`,
  `ET03 read granted ${ok},${isc},${isss}`,
  `ET10 read refused ${isc},${isss}`,
  `ET42 read refused ${isc},${isss}`,
  `ET52 read refused ${isc},${isss}`,
  `ET02 write refused ${isc},${dlk},${isss} from master`,
  `ET03 write refused ${isc},${isss} from session`,
  `ET42 write refused ${isc},${isss} from master`,
  `BT07 (BP10) procedure refused ${isc},${isss}`,
];

test("a wrong password: the security service must be refused (expect.wrongPassword), then no more than the no-key session's access", () => {
  const p = plan("wrong-password");
  assert.deepEqual(lines(p), [`security service security refused ${err},${isc}`, ...AFTER_REFUSAL]);
  assert.deepEqual(p.logon, { kind: "refused", password: "wrong" });
});

test("a device that ends or narrows the session after a wrong password passes; one that serves a closed table still FAILs", () => {
  const p = plan("wrong-password");
  const at = (subject: string, op: string) => p.items.findIndex((i) => i.subject === subject && i.operation === op);
  // The device answers err, then isss to everything: the session is over, which is less access, not more.
  const ended: ItemOutcome[] = p.items.map((i) => ({ code: i.operation === "security" ? err : isss }));
  assert.deepEqual(judgeAccessSweep(p, ended).violations, []);
  // The device keeps the session but refuses even the open tables.
  const narrowed: ItemOutcome[] = p.items.map((i) => ({ code: i.operation === "security" ? err : isc }));
  assert.deepEqual(judgeAccessSweep(p, narrowed).violations, []);
  // A table the no-key session may not read, read: the breach the scenario exists for.
  narrowed[at("ET42", "read")] = { code: ok };
  assert.deepEqual(
    judgeAccessSweep(p, narrowed).violations.map((v) => v.line),
    [
      "ET42 read: got ok (0x00), allowed isc (0x03) or isss (0x0a); without a key only the open tables (device.openTables) may be read",
    ],
  );
  // The no-key scenario itself still expects the open tables served.
  const none = plan("none");
  const refusedOpen: ItemOutcome[] = none.items.map((i) => ({ code: i.codes[0] as number }));
  refusedOpen[none.items.findIndex((i) => i.subject === "BT01" && i.operation === "read")] = { code: isc };
  assert.equal(judgeAccessSweep(none, refusedOpen).violations.length, 1);
});

const READER = [
  `BT00 read granted ${ok}`,
  `BT01 read granted ${ok}`,
  `BT03 read refused ${dlk}`,
  `BT07 read granted ${ok}`,
  `ET02 read refused ${isc}`,
  `ET03 read granted ${ok}`,
  `ET10 read refused ${isc}`,
  `ET42 read granted ${ok}`,
  `ET52 read granted ${ok}`,
  `ET02 write refused ${isc},${dlk} from master`,
  `ET03 write refused ${isc} from session`,
  `ET42 write refused ${isc} from session`,
  `BT07 (BP10) procedure refused ${isc}`,
];

test("the reader key: reads all but keys and calibration (and what the lock blocks); writes nothing; runs no procedure", () => {
  assert.deepEqual(lines(plan("reader")), READER);
  assert.deepEqual(plan("reader").logon, { kind: "key", key: "reader" });
});

test("the reader key may not read a download table, nor device.readerDeniedTable when it is no calibration table", () => {
  const p = planAccessSweep("reader", DEVICE, rulesWith({ calibrationTables: [], downloadTables: ["ET42"] }));
  assert.ok(lines(p).includes(`ET02 read refused ${isc}`), "ET02 is still device.readerDeniedTable");
  assert.ok(lines(p).includes(`ET42 read refused ${isc}`));
  assert.ok(
    p.items.find((i) => i.subject === "ET42" && i.operation === "read")?.rule.includes("access.downloadTables"),
  );
});

const MASTER = [
  `BT00 read granted ${ok}`,
  `BT01 read granted ${ok}`,
  `BT03 read refused ${dlk}`,
  `BT07 read granted ${ok}`,
  `ET02 read granted ${ok}`,
  `ET03 read granted ${ok}`,
  `ET10 read granted ${ok}`,
  `ET42 read granted ${ok}`,
  `ET52 read granted ${ok}`,
  `ET02 write refused ${dlk} from session`,
  `ET03 write granted ${W} from session`,
  `ET42 write granted ${W} from session`,
  `BT07 (BP10) procedure granted ${ok}`,
];

test("the master key: everything but what the hardware lock blocks", () => {
  const p = plan("master");
  assert.deepEqual(lines(p), MASTER);
  assert.deepEqual(p.notWritten, [
    "BT07: BT07 is written only to start the harmless procedure (access.harmlessProcedure)",
    "ET10: it holds keys (access.keyTables): what a read returns may not be the key, so writing it back is not safe",
    "ET52: excluded by the PIXIT (device.writeProbeExclude, access.writeExclude)",
  ]);
});

test("the provisioning key, all-but-keys (the default): the master key's rights less the key tables", () => {
  const p = plan("provisioning");
  assert.deepEqual(
    lines(p),
    MASTER.map((l) => (l.startsWith("ET10 read") ? `ET10 read refused ${isc}` : l)),
  );
  assert.deepEqual(p.logon, { kind: "key", key: "provisioning" });
});

test("the provisioning key may not write the download tables; the sweep does not write them at all", () => {
  const p = planAccessSweep("provisioning", DEVICE, rulesWith({ downloadTables: ["ET42"] }));
  assert.ok(lines(p).includes(`ET42 read granted ${ok}`), "reading download information is not downloading");
  assert.ok(!p.items.some((i) => i.subject === "ET42" && i.operation === "write"));
  assert.ok(p.notWritten.some((w) => w.startsWith("ET42: it is firmware download")));
});

test("the provisioning key read as the reader's: the reader key's plan, logging on with PK", () => {
  const p = planAccessSweep("provisioning", DEVICE, rulesWith({ provisioning: "reader" }));
  assert.deepEqual(lines(p), READER);
  assert.deepEqual(p.logon, { kind: "key", key: "provisioning" });
  assert.equal(p.label, "the provisioning key (PK), with the reader key's rights (PIXIT access.provisioning)");
});

test("the provisioning key disabled: its password must be refused, then the session is one with no key", () => {
  const p = planAccessSweep("provisioning", DEVICE, rulesWith({ provisioning: "disabled" }));
  assert.deepEqual(lines(p), [`security service security refused ${err},${isc}`, ...AFTER_REFUSAL]);
  assert.deepEqual(p.logon, { kind: "refused", password: "provisioning" });
  assert.match(p.label, /disabled/);
});

test("a locked harmless procedure is refused even to the master key; a null one writes no BT07", () => {
  const locked = planAccessSweep("master", DEVICE, rulesWith({}, { procedures: ["BP10"] }));
  assert.equal(lines(locked).at(-1), `BT07 (BP10) procedure refused ${dlk}`);
  const none = planAccessSweep("master", DEVICE, rulesWith({ harmlessProcedure: null }));
  assert.ok(!none.items.some((i) => i.operation === "procedure"));
  const ep = planAccessSweep(
    "provisioning",
    DEVICE,
    rulesWith({ harmlessProcedure: "EP16", harmlessParameters: "00 00 00 00" }),
  );
  assert.equal(lines(ep).at(-1), `BT07 (EP16) procedure granted ${ok}`);
});

test("tables BT00 does not declare are not swept; tables it marks not writeable are read but not written", () => {
  const small = planAccessSweep("master", config(["BT00", "BT01", "ET03"], []), rulesWith());
  assert.deepEqual(lines(small), [`BT00 read granted ${ok}`, `BT01 read granted ${ok}`, `ET03 read granted ${ok}`]);
});

// --- the judge -----------------------------------------------------------------------------

const agreeing = (p: SweepPlan): ItemOutcome[] => p.items.map((i) => ({ code: i.codes[0] as number }));
const evidence = (label: string, bytes: Uint8Array) => ({ label, hex: toHex(bytes) });

test("answers that agree with the rules: no violation, nothing undecided, the verdict passes", () => {
  const p = plan("reader");
  const j = judgeAccessSweep(p, agreeing(p));
  assert.deepEqual([j.violations.length, j.undecided.length], [0, 0]);
  assert.doesNotThrow(() => raiseAccessVerdict(p, j, evidence));
  assert.match(j.table, /^the reader key \(RK\): 13 requests\nBT00 read/);
});

test("every violation is listed in one FAIL: table, operation, the code got and the codes allowed, the rule; undecided ones noted", () => {
  const p = plan("none");
  const outcomes = agreeing(p);
  const at = (subject: string, op: string) => p.items.findIndex((i) => i.subject === subject && i.operation === op);
  outcomes[at("BT07", "read")] = { code: ok, response: Uint8Array.of(0x00, 0x00, 0x01, 0x42, 0xbe) };
  outcomes[at("ET42", "write")] = { code: iar };
  outcomes[at("BT07 (BP10)", "procedure")] = { code: ok };
  outcomes[at("ET02", "write")] = { undecided: "not written: no master key" };
  const j = judgeAccessSweep(p, outcomes);
  assert.equal(j.violations.length, 3);
  assert.deepEqual(j.undecided, ["ET02 write: not written: no master key"]);
  assert.throws(
    () => raiseAccessVerdict(p, j, evidence),
    (e: unknown) => {
      assert.ok(e instanceof ConformanceAssertionError);
      const m = e.message;
      assert.match(m, /^the 7\.0 access rules for a session with no key: 3 violation\(s\)/);
      assert.match(
        m,
        /BT07 read: got ok \(0x00\), allowed isc \(0x03\); without a key only the open tables \(device\.openTables\) may be read/,
      );
      assert.match(m, /ET42 write: got iar \(0x05\), allowed isc \(0x03\); without a key no table may be written/);
      assert.match(m, /BT07 \(BP10\) procedure: got ok \(0x00\), allowed isc \(0x03\)/);
      assert.match(m, /1 request\(s\) not decided:\n {2}ET02 write: not written: no master key/);
      assert.match(m, /BT07 read response: \[00 00 01 42 be\]/);
      return true;
    },
  );
});

test("a granted request refused for clearance is a violation too: the master key answered isc", () => {
  const p = plan("master");
  const outcomes = agreeing(p);
  outcomes[p.items.findIndex((i) => i.subject === "ET03" && i.operation === "write")] = { code: isc };
  const j = judgeAccessSweep(p, outcomes);
  assert.deepEqual(
    j.violations.map((v) => v.line),
    ["ET03 write: got isc (0x03), allowed ok (0x00) or iar (0x05) or onp (0x04); the master key (MK) may write it"],
  );
});

test("without violations, undecided requests make the verdict inconclusive, never a FAIL", () => {
  const p = plan("master");
  const outcomes = agreeing(p);
  outcomes[p.items.findIndex((i) => i.subject === "ET42" && i.operation === "write")] = {
    undecided: "not written: its content could not be read (rno)",
  };
  assert.throws(
    () => raiseAccessVerdict(p, judgeAccessSweep(p, outcomes), evidence),
    (e: unknown) =>
      e instanceof Inconclusive &&
      /no answer broke the 7\.0 access rules, but 1 request\(s\) could not be decided/.test(e.message),
  );
});

test("busy, not ready or data locked decide nothing, unless the PIXIT lists the code; isc does decide", () => {
  const p = plan("master");
  const outcomes = agreeing(p);
  const at = (subject: string, op: string) => p.items.findIndex((i) => i.subject === subject && i.operation === op);
  outcomes[at("ET03", "read")] = { code: 0x06 };
  outcomes[at("ET42", "read")] = { code: dlk };
  outcomes[at("BT03", "read")] = { code: dlk }; // under the lock, whose codes are dlk here: agrees
  const j = judgeAccessSweep(p, outcomes);
  assert.equal(j.violations.length, 0);
  assert.deepEqual(j.undecided, [
    'ET03 read: answered bsy (0x06), which says "not now" rather than yes or no',
    'ET42 read: answered dlk (0x08), which says "not now" rather than yes or no',
  ]);
  outcomes[at("BT01", "read")] = { code: isc };
  assert.equal(judgeAccessSweep(p, outcomes).violations.length, 1);
});

test("outcomes must match the plan one for one", () => {
  const p = plan("master");
  assert.throws(() => judgeAccessSweep(p, agreeing(p).slice(1)), /13 items but 12 outcomes/);
});

// --- empty tables ----------------------------------------------------------------------------

test("an empty table (length 0) is read whole; granted, ok or iar agree; refused, the refusal codes alone", () => {
  const empty = new Map([
    [parseTableName("ET03"), "ET11"],
    [parseTableName("ET42"), "BT21"],
  ]);
  const p = planAccessSweep("none", DEVICE, rulesWith(), empty);
  const read = (subject: string) => p.items.find((i) => i.subject === subject && i.operation === "read");
  assert.deepEqual([read("ET03")?.whole, read("ET03")?.granted, read("ET03")?.codes], [true, true, [ok, iar]]);
  assert.match(read("ET03")?.rule ?? "", /it is empty \(length 0, from ET11\), so it is read whole/);
  // No key may read ET42: empty or not, the refusal is judged as before.
  assert.deepEqual([read("ET42")?.whole, read("ET42")?.granted, read("ET42")?.codes], [true, false, [isc]]);
  // Tables not known to be empty: one byte, ok only.
  assert.deepEqual([read("BT01")?.whole, read("BT01")?.codes], [undefined, [ok]]);
  const outcomes = agreeing(p);
  const at = (subject: string) => p.items.findIndex((i) => i.subject === subject && i.operation === "read");
  outcomes[at("ET03")] = { code: iar };
  assert.deepEqual(judgeAccessSweep(p, outcomes).violations, []);
  outcomes[at("ET42")] = { code: iar };
  assert.deepEqual(
    judgeAccessSweep(p, outcomes).violations.map((v) => v.line.replace(/;.*/, "")),
    ["ET42 read: got iar (0x05), allowed isc (0x03)"],
  );
  // Without the lengths, iar to the granted read of ET03 is a violation, as for any table.
  const blind = planAccessSweep("none", DEVICE, rulesWith());
  const blindOutcomes = agreeing(blind);
  blindOutcomes[blind.items.findIndex((i) => i.subject === "ET03" && i.operation === "read")] = { code: iar };
  assert.equal(judgeAccessSweep(blind, blindOutcomes).violations.length, 1);
});
