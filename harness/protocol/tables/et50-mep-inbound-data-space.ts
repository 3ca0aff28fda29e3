import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET50 MEP Inbound Data Space (8.17.2): where a MEP device stages the data it then posts with EP39
 * (uplink). PROVISIONAL: the layout is ours: UINT8 length, then ET11's MEP data size bytes of
 * which the first `length` count. A length beyond the data size is refused.
 */
export const ET50 = EXTENDED_BASE + 50;

export function et50Size(mepDataSize: number): number {
  return 1 + mepDataSize;
}

/** The staged data (the first `length` bytes). */
export function decodeInboundData(bytes: Uint8Array): Decoded<Uint8Array> {
  return decodeWith(bytes, "ET50", (r) => {
    const length = r.u8("length");
    if (length > r.remaining)
      r.fail("OSGP_ERR_FIELD_RANGE", "length", `${length} bytes staged in a ${r.remaining}-byte data space`, 0);
    const data = r.bytes(length, "data");
    r.rest();
    return data;
  });
}

export function encodeInboundData(data: Uint8Array, mepDataSize: number): Uint8Array {
  const w = new ByteWriter("ET50");
  if (data.length > mepDataSize) w.fail("data", `${data.length} bytes do not fit the ${mepDataSize}-byte data space`);
  return w
    .u8(data.length, "length")
    .bytes(data, "data")
    .bytes(new Uint8Array(mepDataSize - data.length), "rest")
    .toBytes();
}
