import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * EP19 Post On-Demand M-Bus Request (8.18.1.1, 8.18.2). PROVISIONAL: the parameter and response
 * layouts are ours (the sources name the procedure only).
 *   UINT8 channel (1..ET11's channels; 0 for a bus scan), UINT8 type (ON_DEMAND_TYPE),
 *   UINT8 request id (the poster's, echoed in ET15)
 * BT08 says "accepted, not completed" while the read or scan runs, then "completed" with the
 * response data UINT8 request id, UINT8 state (ET15 REQUEST_STATE), UINT8 count (reads: attempts;
 * scan: devices installed). A channel beyond ET11's count is an invalid parameter; a channel
 * without a device conflicts with the present setup.
 */
export const EP19 = MANUFACTURER_PROCEDURE_BASE + 19;
export const ON_DEMAND_TYPE = { billingRead: 0, statusRead: 1, busScan: 2 } as const;

export interface OnDemandMbusRequest {
  readonly channel: number;
  readonly type: number;
  readonly requestId: number;
}

export interface OnDemandMbusResult {
  readonly requestId: number;
  readonly state: number;
  readonly count: number;
}

export function decodeOnDemandMbusRequest(bytes: Uint8Array): Decoded<OnDemandMbusRequest> {
  return decodeWith(bytes, "EP19", (r) => ({
    channel: r.u8("channel"),
    type: r.u8("type"),
    requestId: r.u8("requestId"),
  }));
}

export function encodeOnDemandMbusRequest(p: OnDemandMbusRequest): Uint8Array {
  return new ByteWriter("EP19").u8(p.channel, "channel").u8(p.type, "type").u8(p.requestId, "requestId").toBytes();
}

/** The first three response bytes of BT08 (the rest of its response data is zero). */
export function decodeOnDemandMbusResult(responseData: Uint8Array): Decoded<OnDemandMbusResult> {
  return decodeWith(responseData.subarray(0, 3), "EP19 response", (r) => ({
    requestId: r.u8("requestId"),
    state: r.u8("state"),
    count: r.u8("count"),
  }));
}

export function encodeOnDemandMbusResult(v: OnDemandMbusResult): Uint8Array {
  return new ByteWriter("EP19 response")
    .u8(v.requestId, "requestId")
    .u8(v.state, "state")
    .u8(v.count, "count")
    .toBytes();
}
