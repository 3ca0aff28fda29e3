import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import {
  readLTimeDate,
  readSTimeDate,
  writeLTimeDate,
  writeSTimeDate,
  type LTimeDate,
  type STimeDate,
} from "../types/time-types";

/**
 * ET31 One-Time-Read Log (8.13, 8.14, 8.18.1.3). PROVISIONAL: the whole layout is ours (the
 * sources name the table only). A request (bytes 0-8, written by the head end) is carried out once
 * at its time; the result goes into a ring of ET11's ET31 number of log entries.
 *   @0  UINT8  request id: a new id arms a new request; 0 cancels the armed one
 *   @1  UINT16 group id: 0 this meter, 0xFFFF every meter, else a group (ET18, 8.14): a meter
 *              that is not in the group ignores the request and logs that it did
 *   @3  STIME_DATE read time (UTC, whole minutes)
 *   @8  UINT8  what to read: bit 0 the energy registers, bit c the M-Bus device of channel c
 *   @9  UINT8  state of the request (meter): 0 none, 1 armed, 2 executed, 3 ignored, 4 cancelled
 *   @10 UINT8  valid log entries      @11 UINT8 index of the newest
 *   @12 log entries, 19 + 4 * channels bytes each:
 *       @0 request id, @1 UINT16 group id, @3 what, @4 outcome (1 executed, 2 ignored: not in
 *       the group), @5 LTIME_DATE when (UTC: the read time, or when the request was ignored),
 *       @11 UINT32 active import Wh, @15 UINT32 active export Wh, @19 UINT32 per M-Bus channel:
 *       the device's first counter (0xFFFFFFFF: the device did not answer; 0: not asked)
 */
export const ET31 = EXTENDED_BASE + 31;
export const ET31_REQUEST_SIZE = 9;
export const ET31_HEADER_SIZE = 12;
export const ALL_METERS_GROUP = 0xffff;
export const NO_ANSWER = 0xffffffff;

export const ONE_TIME_STATE = { none: 0, armed: 1, executed: 2, ignored: 3, cancelled: 4 } as const;
export const ONE_TIME_OUTCOME = { executed: 1, ignored: 2 } as const;
export const READ_REGISTERS = 0x01;

export interface OneTimeRequest {
  readonly requestId: number;
  readonly groupId: number;
  readonly readAt: STimeDate | null;
  readonly what: number;
}

export interface OneTimeLogEntry {
  readonly requestId: number;
  readonly groupId: number;
  readonly what: number;
  readonly outcome: number;
  readonly at: LTimeDate | null;
  readonly importWh: number;
  readonly exportWh: number;
  readonly mbus: readonly number[];
}

export interface OneTimeReadTable {
  readonly request: OneTimeRequest;
  readonly state: number;
  /** Valid entries, oldest first. */
  readonly log: readonly OneTimeLogEntry[];
}

export function et31EntrySize(channels: number): number {
  return 19 + 4 * channels;
}

export function et31Size(entries: number, channels: number): number {
  return ET31_HEADER_SIZE + entries * et31EntrySize(channels);
}

export function decodeOneTimeRequest(bytes: Uint8Array, order: ByteOrder): Decoded<OneTimeRequest> {
  return decodeWith(bytes, "ET31 request", (r) => ({
    requestId: r.u8("requestId"),
    groupId: r.uint(2, order, "groupId"),
    readAt: readSTimeDate(r, "readAt"),
    what: r.u8("what"),
  }));
}

export function encodeOneTimeRequest(q: OneTimeRequest, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET31 request").u8(q.requestId, "requestId").uint(q.groupId, 2, order, "groupId");
  writeSTimeDate(w, q.readAt, "readAt");
  return w.u8(q.what, "what").toBytes();
}

export function decodeOneTimeReadTable(
  bytes: Uint8Array,
  order: ByteOrder,
  entries: number,
  channels: number,
): Decoded<OneTimeReadTable> {
  return decodeWith(bytes, "ET31", (r) => {
    const request = {
      requestId: r.u8("requestId"),
      groupId: r.uint(2, order, "groupId"),
      readAt: readSTimeDate(r, "readAt"),
      what: r.u8("what"),
    };
    const state = r.u8("state");
    const valid = r.u8("valid");
    const newest = r.u8("newest");
    if (valid > entries || (valid > 0 && newest >= entries))
      r.fail("OSGP_ERR_FIELD_RANGE", "valid", `${valid} valid entries, newest ${newest}, in a ring of ${entries}`, 10);
    const ring: OneTimeLogEntry[] = [];
    for (let i = 0; i < entries; i++) {
      const f = `entry${i}`;
      const head = {
        requestId: r.u8(`${f}.requestId`),
        groupId: r.uint(2, order, `${f}.groupId`),
        what: r.u8(`${f}.what`),
        outcome: r.u8(`${f}.outcome`),
      };
      const at = readLTimeDate(r, `${f}.at`);
      const importWh = r.uint(4, order, `${f}.importWh`);
      const exportWh = r.uint(4, order, `${f}.exportWh`);
      const mbus = Array.from({ length: channels }, (_, c) => r.uint(4, order, `${f}.mbus${c + 1}`));
      ring.push({ ...head, at, importWh, exportWh, mbus });
    }
    const log = Array.from(
      { length: valid },
      (_, k) => ring[(newest - (valid - 1 - k) + entries) % entries] as OneTimeLogEntry,
    );
    return { request, state, log };
  });
}

export function encodeOneTimeLogEntry(e: OneTimeLogEntry, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET31 entry")
    .u8(e.requestId, "requestId")
    .uint(e.groupId, 2, order, "groupId")
    .u8(e.what, "what")
    .u8(e.outcome, "outcome");
  writeLTimeDate(w, e.at, "at");
  w.uint(e.importWh, 4, order, "importWh").uint(e.exportWh, 4, order, "exportWh");
  for (const v of e.mbus) w.uint(v, 4, order, "mbus");
  return w.toBytes();
}
