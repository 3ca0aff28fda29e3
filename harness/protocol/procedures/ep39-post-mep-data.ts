import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";
import { POSTING_KIND } from "../tables/et74-mep-extended-log";

/**
 * EP39 Post MEP Data (8.17). PROVISIONAL: the sources name the procedure only; the kinds and
 * layouts are ours. One procedure carries both directions:
 *   downlink, head end -> MEP device (kind 0 non-urgent data, 1 on-demand request):
 *     UINT8 kind, UINT8 request id, UINT8 length, data (length bytes, at most ET11's MEP data
 *     size; an on-demand request's first byte is its request code)
 *   uplink, MEP device -> head end (kind 2 scheduled read response, 3 on-demand read response,
 *   4 unsolicited non-urgent data, 5 urgent data, 6 alarms only):
 *     UINT8 kind, UINT8 request id answered (0: none), UINT16 alarms (0: none)
 *     the data is what the device staged in ET50; an alarms-only posting carries none
 * Response data (BT08, or ET59 for the MEP device): UINT16 sequence number of the ET74 entry the
 * posting made (uplink), or 0 (downlink).
 */
export const EP39 = MANUFACTURER_PROCEDURE_BASE + 39;

/** Request codes the simulated MEP device answers; any other is refused (ET15 state "failed"). */
export const MEP_REQUEST_CODE = { readRegister: 0x01, readStatus: 0x02 } as const;

export type MepPostingParameters =
  | { readonly direction: "down"; readonly kind: number; readonly requestId: number; readonly data: Uint8Array }
  | { readonly direction: "up"; readonly kind: number; readonly requestId: number; readonly alarms: number };

export function isDownlinkKind(kind: number): boolean {
  return kind === POSTING_KIND.data || kind === POSTING_KIND.onDemandRequest;
}

export function decodePostMepData(bytes: Uint8Array, order: ByteOrder): Decoded<MepPostingParameters> {
  return decodeWith(bytes, "EP39", (r): MepPostingParameters => {
    const kind = r.u8("kind");
    const requestId = r.u8("requestId");
    if (isDownlinkKind(kind)) {
      const length = r.u8("length");
      return { direction: "down", kind, requestId, data: r.bytes(length, "data") };
    }
    if (kind > POSTING_KIND.alarmsOnly) r.fail("OSGP_ERR_FIELD_RANGE", "kind", `${kind} is not an EP39 kind (0..6)`, 0);
    return { direction: "up", kind, requestId, alarms: r.uint(2, order, "alarms") };
  });
}

export function encodePostMepData(p: MepPostingParameters, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("EP39").u8(p.kind, "kind").u8(p.requestId, "requestId");
  if (p.direction === "down") return w.u8(p.data.length, "length").bytes(p.data, "data").toBytes();
  return w.uint(p.alarms, 2, order, "alarms").toBytes();
}

export function decodePostingSequence(responseData: Uint8Array, order: ByteOrder): Decoded<number> {
  return decodeWith(responseData.subarray(0, 2), "EP39 response", (r) => r.uint(2, order, "sequence"));
}

/** EP39's response data: the sequence number ET74 gave the posting. */
export function encodePostingSequence(sequence: number, order: ByteOrder): Uint8Array {
  return new ByteWriter("EP39 response").uint(sequence, 2, order, "sequence").toBytes();
}
