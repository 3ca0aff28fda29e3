import { test } from "node:test";
import assert from "node:assert/strict";
import {
  criticalCountProblem,
  entriesAdded,
  expectNumberedOn,
  expectTimeChangeLogged,
  logDimensionProblems,
  markedCritical,
} from "../../harness/conformance/history-log-checks";
import { ConformanceAssertionError } from "../../harness/conformance/verdicts";
import { EVENT_CATEGORY } from "../../harness/protocol/event-categories";
import { EVENT_CODES } from "../../harness/protocol/event-codes";
import { logFlags } from "../../harness/protocol/tables/bt70-bt71-log-dimensions";
import {
  historyLogFlags,
  type HistoryEntry,
  type HistoryLogHeader,
} from "../../harness/protocol/tables/bt74-history-log-data";

const header = (seq: number, element: number, valid = 10): HistoryLogHeader => ({
  flags: historyLogFlags({ circular: 1 }),
  validEntries: valid,
  lastEntryElement: element,
  lastEntrySequence: seq,
  unreadEntries: 0,
});
const entry = (code: number, sequence: number, time: HistoryEntry["time"] = null): HistoryEntry => ({
  time,
  eventNumber: null,
  sequence,
  userId: 0,
  code,
  manufacturer: false,
  argument: new Uint8Array(0),
});

test("entries added: counted by sequence numbers, which must follow the newest element round the circle", () => {
  assert.equal(entriesAdded(header(100, 62), header(103, 1), 64), 3);
  assert.equal(entriesAdded(header(0, 0, 0), header(2, 1, 2), 64), 2, "an empty log's first entry goes to element 0");
  assert.throws(() => entriesAdded(header(100, 62), header(2, 0), 64), /went back/);
  assert.throws(() => entriesAdded(header(100, 10), header(100, 12), 64), /do not count the entries/);
});

test("LAST_ENTRY_SEQ_NBR is a UINT32: a wrap past 0xFFFFFFFF counts on, a step back still fails", () => {
  assert.equal(entriesAdded(header(0xffffffff, 5), header(0, 6), 64), 1);
  assert.equal(entriesAdded(header(0xfffffffe, 63), header(1, 2), 64), 3);
  assert.throws(() => entriesAdded(header(3, 5), header(0xffffffff, 4), 64), /went back from 3 to 4294967295/);
});

test("new entries carry the sequence numbers after the one read before, modulo 65536", () => {
  expectNumberedOn(header(0xffff, 0), [
    { element: 1, entry: entry(3, 0) },
    { element: 2, entry: entry(4, 1) },
  ]);
  assert.throws(() => expectNumberedOn(header(7, 0), [{ element: 1, entry: entry(3, 1) }]), ConformanceAssertionError);
});

test("a clock set leaves an old-time and a new-time entry; 3 and 4 are stamped with those times", () => {
  const old = Date.UTC(2024, 0, 1, 0, 0, 10);
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);
  const t = (ms: number) => ({
    year: new Date(ms).getUTCFullYear(),
    month: new Date(ms).getUTCMonth() + 1,
    day: new Date(ms).getUTCDate(),
    hour: new Date(ms).getUTCHours(),
    minute: new Date(ms).getUTCMinutes(),
    second: new Date(ms).getUTCSeconds(),
  });
  expectTimeChangeLogged([entry(15, 1), entry(3, 2, t(old + 1000)), entry(4, 3, t(now))], old, now, 2);
  expectTimeChangeLogged([entry(5, 2), entry(6, 3)], old, now, 2);
  assert.throws(() => expectTimeChangeLogged([entry(3, 2, t(old))], old, now, 2), /new-time/);
  assert.throws(
    () => expectTimeChangeLogged([entry(3, 2, t(old)), entry(4, 3, t(now + 3600_000))], old, now, 2),
    /stamped/,
  );
});

test("BT71 within BT70, BT74's header within BT71", () => {
  const dims = {
    flags: logFlags({}),
    stdEventBytes: 7,
    mfgEventBytes: 1,
    historyArgumentLength: 6,
    eventArgumentLength: 0,
    historyEntries: 64,
    eventEntries: 0,
  };
  assert.deepEqual(logDimensionProblems(dims, dims, header(5, 4, 5)), []);
  assert.equal(
    logDimensionProblems({ ...dims, historyEntries: 32 }, dims, { ...header(5, 70, 65), unreadEntries: 65 }).length,
    4,
  );
});

test("critical entries: by their own bit or their category's; ET73 counts them and names the newest", () => {
  const noMask = { categories: 0, stdEvents: [], mfgEvents: [] };
  // A clock set logged as 6 then 5, with a log-management entry (BP05) between: 8.12 allows either form and order.
  const logged = [entry(6, 1), entry(EVENT_CODES.historyLogPointersUpdated, 2), entry(5, 3)];
  const clock = { ...noMask, categories: 1 << EVENT_CATEGORY.clock };
  assert.deepEqual(
    markedCritical(clock, logged).map((e) => e.code),
    [6, 5],
  );
  const four = { ...noMask, stdEvents: [false, false, false, false, true] };
  assert.deepEqual(markedCritical(four, logged), []);
  assert.deepEqual(
    markedCritical(four, [entry(3, 1), entry(4, 2)]).map((e) => e.code),
    [4],
  );
  const mfg = { ...entry(4, 1), manufacturer: true };
  assert.deepEqual(markedCritical(four, [mfg]), [], "manufacturer event 4 is not standard event 4");
  assert.deepEqual(markedCritical({ ...noMask, categories: 1 << EVENT_CATEGORY.manufacturer }, [mfg]), [mfg]);

  const alarms = (unreadCritical: number, lastCriticalCode: number) => ({
    flags: { unreadEntries: 0, criticalEvent: 1, reserved: 0 },
    unreadCritical,
    lastCriticalCode,
    lastCriticalManufacturer: false,
    lastCriticalTime: null,
    lastCriticalSequence: 0,
  });
  const critical = markedCritical(clock, logged);
  assert.equal(criticalCountProblem(alarms(2, 5), critical), null);
  assert.match(
    criticalCountProblem(alarms(2, 4), critical) ?? "",
    /the last event 4; .* 2 critical one\(s\): event 6, event 5/,
  );
  assert.match(criticalCountProblem(alarms(1, 5), critical) ?? "", /counts 1 unread/);
  assert.equal(
    criticalCountProblem({ ...alarms(1, 5), lastCriticalManufacturer: true }, [entry(5, 1)]) === null,
    false,
  );
  assert.equal(criticalCountProblem(alarms(0, 0), []), null);
  assert.match(criticalCountProblem(alarms(1, 4), []) ?? "", /0 critical one\(s\): none/);
});
