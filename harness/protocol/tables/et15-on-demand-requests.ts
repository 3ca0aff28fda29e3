import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";

/**
 * ET15 On-Demand Requests (8.17.1.2, 8.18.1.1): the state of the last on-demand request of each
 * kind, ET11's ET15 number of entries of ET11's ET15 entry size. PROVISIONAL: the whole layout is
 * ours (the sources name the table only).
 * Entries, in order (N = ET11's M-Bus channels):
 *   0 .. N-1  M-Bus channel 1..N: the last EP19 read of that channel          } present when the
 *   N         the last EP19 bus scan (auto-discovery, 8.18.2)                   } meter has 8.18
 *   last - 1  the last non-urgent data posted for the MEP device (EP39 kind 0)   } present when the
 *   last      the last on-demand request posted for the MEP device (EP39 kind 1) } meter has 8.17
 * Entry:
 *   @0  UINT8 request id (the poster's)   @1 UINT8 type (EP19: 0 billing read, 1 status read,
 *                                            2 bus scan; MEP: 0 data, else the request code)
 *   @2  UINT8 state (REQUEST_STATE)      @3 UINT8 count (reads: attempts; scan: devices installed;
 *                                            MEP: data length)
 *   @4  LTIME_DATE posted (UTC)          @10 LTIME_DATE finished (UTC; zero until then)
 */
export const ET15 = EXTENDED_BASE + 15;
export const ET15_ENTRY_MIN_SIZE = 16;

export const REQUEST_STATE = {
  none: 0,
  /** Being carried out (M-Bus), or posted and not yet taken (MEP). */
  pending: 1,
  /** Read completed, scan done, MEP data read by the device or request answered. */
  done: 2,
  /** M-Bus: the device did not answer. MEP: the device refused the request. */
  failed: 3,
  /** Interrupted by a power outage; retried when power returns (8.18.1.4). */
  interrupted: 4,
  /** Interrupted, and no retry left. */
  abandoned: 5,
} as const;

export interface OnDemandRequest {
  readonly requestId: number;
  readonly type: number;
  readonly state: number;
  readonly count: number;
  readonly postedAt: LTimeDate | null;
  readonly finishedAt: LTimeDate | null;
}

export const EMPTY_REQUEST: OnDemandRequest = {
  requestId: 0,
  type: 0,
  state: REQUEST_STATE.none,
  count: 0,
  postedAt: null,
  finishedAt: null,
};

/** Entry indexes, 0-based: by channel, by ET11's M-Bus channel count, or by ET11's number of entries. */
export const et15Index = {
  channel: (c: number) => c - 1,
  scan: (channels: number) => channels,
  mepData: (entries: number) => entries - 2,
  mepRequest: (entries: number) => entries - 1,
};

export function decodeOnDemandRequests(
  bytes: Uint8Array,
  entries: number,
  entrySize: number,
): Decoded<OnDemandRequest[]> {
  return decodeWith(bytes, "ET15", (r) => {
    if (entrySize < ET15_ENTRY_MIN_SIZE)
      r.fail("OSGP_ERR_FIELD_RANGE", "entrySize", `ET11 gives ${entrySize}; an entry needs ${ET15_ENTRY_MIN_SIZE}`);
    const out: OnDemandRequest[] = [];
    for (let i = 0; i < entries; i++) {
      const f = `entry${i}`;
      const [requestId, type, state, count] = [
        r.u8(`${f}.requestId`),
        r.u8(`${f}.type`),
        r.u8(`${f}.state`),
        r.u8(`${f}.count`),
      ];
      const postedAt = readLTimeDate(r, `${f}.postedAt`);
      const finishedAt = readLTimeDate(r, `${f}.finishedAt`);
      r.bytes(entrySize - ET15_ENTRY_MIN_SIZE, `${f}.rest`);
      out.push({ requestId, type, state, count, postedAt, finishedAt });
    }
    return out;
  });
}

export function encodeOnDemandRequests(list: readonly OnDemandRequest[], entrySize: number): Uint8Array {
  const w = new ByteWriter("ET15");
  for (const e of list) {
    w.u8(e.requestId, "requestId").u8(e.type, "type").u8(e.state, "state").u8(e.count, "count");
    writeLTimeDate(w, e.postedAt, "postedAt");
    writeLTimeDate(w, e.finishedAt, "finishedAt");
    w.bytes(new Uint8Array(entrySize - ET15_ENTRY_MIN_SIZE), "rest");
  }
  return w.toBytes();
}
