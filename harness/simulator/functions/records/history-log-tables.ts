import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  BT70,
  BT71,
  encodeLogDimensions,
  logFlags,
  type LogDimensions,
} from "../../../protocol/tables/bt70-bt71-log-dimensions";
import {
  BT72,
  BT73,
  decodeHistoryLogControl,
  encodeEventsIdentification,
  encodeHistoryLogControl,
  type HistoryLogControl,
  type HistoryLogControlShape,
} from "../../../protocol/tables/bt72-bt73-history-events";
import {
  BT74,
  encodeHistoryLog,
  type HistoryEntry,
  type HistoryEntryShape,
} from "../../../protocol/tables/bt74-history-log-data";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import {
  HISTORY_ARGUMENT_LENGTH,
  HISTORY_ENTRIES,
  MFG_EVENT_BYTES,
  STD_EVENT_BYTES,
  type HistoryLog,
  type HistoryRecord,
} from "./history-log";

/**
 * BT70-BT74 over the history log. Entries carry a date-time (LTIME_DATE) and a sequence number,
 * no event number (the meter keeps no separate event log, BT76); the argument is 6 bytes, enough
 * for a table or procedure id (UINT16) or a time (STIME_DATE), zero-padded. BT73 is writable with
 * the provisioning key; enabling an event BT72 does not list is refused.
 */
export const HISTORY_ENTRY_SHAPE: HistoryEntryShape = {
  historyDateTime: 1,
  eventNumber: 0,
  historySequenceNumber: 1,
  argumentLength: HISTORY_ARGUMENT_LENGTH,
};

export function historyLogTables(ctx: DeviceContext, log: HistoryLog): SimTable[] {
  const dims: LogDimensions = {
    flags: logFlags({ historyDateTime: 1, historySequenceNumber: 1 }),
    stdEventBytes: STD_EVENT_BYTES,
    mfgEventBytes: MFG_EVENT_BYTES,
    historyArgumentLength: HISTORY_ARGUMENT_LENGTH,
    eventArgumentLength: 0,
    historyEntries: HISTORY_ENTRIES,
    eventEntries: 0,
  };
  const d = ctx.profile.dims;
  const shape: HistoryLogControlShape = {
    stdEventBytes: STD_EVENT_BYTES,
    mfgEventBytes: MFG_EVENT_BYTES,
    dimStdTablesUsed: d.stdTables,
    dimMfgTablesUsed: d.mfgTables,
    dimStdProcUsed: d.stdProcs,
    dimMfgProcUsed: d.mfgProcs,
  };
  const control: HistoryLogControl = {
    stdEvents: log.monitored.std,
    mfgEvents: log.monitored.mfg,
    stdTables: new Array<boolean>(d.stdTables * 8).fill(false),
    mfgTables: new Array<boolean>(d.mfgTables * 8).fill(false),
    stdProcedures: new Array<boolean>(d.stdProcs * 8).fill(false),
    mfgProcedures: new Array<boolean>(d.mfgProcs * 8).fill(false),
  };
  let current = control;
  const bt73Image = () => encodeHistoryLogControl(current, shape);
  const blank: HistoryEntry = {
    time: null,
    eventNumber: null,
    sequence: 0,
    userId: 0,
    code: 0,
    manufacturer: false,
    argument: new Uint8Array(HISTORY_ARGUMENT_LENGTH),
  };
  return [
    computedTable(BT70, "reader", () => encodeLogDimensions(dims, ctx.dataOrder)),
    computedTable(BT71, "reader", () => encodeLogDimensions(dims, ctx.dataOrder)),
    computedTable(BT72, "reader", () =>
      encodeEventsIdentification(
        { stdEvents: log.supported, mfgEvents: log.supportedMfg },
        STD_EVENT_BYTES,
        MFG_EVENT_BYTES,
      ),
    ),
    {
      id: BT73,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: bt73Image,
      write: (offset, data) => {
        const patched = bt73Image();
        patched.set(data.subarray(0, Math.max(0, patched.length - offset)), offset);
        const v = decodeHistoryLogControl(patched, shape);
        if (!v.ok) return RESPONSE_CODE.err;
        const unsupported =
          v.value.stdEvents.some((on, code) => on && log.supported[code] !== true) ||
          v.value.mfgEvents.some((on, code) => on && log.supportedMfg[code] !== true);
        if (unsupported) return RESPONSE_CODE.err;
        v.value.stdEvents.forEach((on, code) => (log.monitored.std[code] = on));
        v.value.mfgEvents.forEach((on, code) => (log.monitored.mfg[code] = on));
        current = { ...v.value, stdEvents: log.monitored.std, mfgEvents: log.monitored.mfg };
        return RESPONSE_CODE.ok;
      },
    },
    computedTable(BT74, "reader", () =>
      encodeHistoryLog(
        log.header(),
        log.records().map((r) => (r === null ? blank : entryOf(r))),
        ctx.dataOrder,
        HISTORY_ENTRY_SHAPE,
      ),
    ),
  ];
}

function entryOf(r: HistoryRecord): HistoryEntry {
  const argument = new Uint8Array(HISTORY_ARGUMENT_LENGTH);
  argument.set(r.event.argument.subarray(0, HISTORY_ARGUMENT_LENGTH));
  return {
    time: epochMsToLTimeDate(r.event.clockMs),
    eventNumber: null,
    sequence: r.sequence % 0x10000,
    userId: r.event.userId,
    code: r.event.code,
    manufacturer: r.event.manufacturer,
    argument,
  };
}
