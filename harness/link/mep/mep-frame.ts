import type { Decoded } from "../../bytes/decoded";
import { DecodeError, EncodeError } from "../../errors";

/**
 * One message on the MEP serial port (Multipurpose Expansion Port):
 *   length (UINT16, MSB first: the number of bytes that follow) | payload
 * The payload (APDU, sequence number, digest) is opaque here: the link only frames it.
 * A zero length is not an empty message but the alert, `00 00`, which the server repeats once a
 * second while alerts are pending.
 */
export const LENGTH_SIZE = 2;
/** The largest payload the MEP guide allows in one message, the length field excluded. */
export const MAX_PAYLOAD = 476;
export const ALERT_BYTES: readonly number[] = Object.freeze([0x00, 0x00]);

export type MepFrame = { readonly kind: "message"; readonly payload: Uint8Array } | { readonly kind: "alert" };

export function encodeMepFrame(payload: Uint8Array, maxPayload = MAX_PAYLOAD): Uint8Array {
  // An empty payload would put 00 00 on the wire, which the peer reads as an alert.
  if (payload.length === 0)
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", "an empty payload is the alert; use encodeMepAlert", {
      path: "mep.length",
    });
  // 0xffff: a configured maximum above what the length field holds must not wrap silently.
  if (payload.length > maxPayload || payload.length > 0xffff) {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", `${payload.length} payload bytes exceed ${maxPayload}`, {
      path: "mep.length",
    });
  }
  const out = new Uint8Array(LENGTH_SIZE + payload.length);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, LENGTH_SIZE);
  return out;
}

export function encodeMepAlert(): Uint8Array {
  return Uint8Array.from(ALERT_BYTES);
}

/** The length field at the start of `bytes`, which must hold at least two bytes. */
export function lengthFieldOf(bytes: ArrayLike<number>): number {
  return ((bytes[0] as number) << 8) | (bytes[1] as number);
}

/** Decodes exactly one whole frame (or alert). Streams go through MepReassembler. */
export function decodeMepFrame(bytes: Uint8Array, maxPayload = MAX_PAYLOAD): Decoded<MepFrame> {
  const fail = (
    code: "OSGP_ERR_TRUNCATED" | "OSGP_ERR_FRAME_LENGTH" | "OSGP_ERR_TRAILING_BYTES",
    detail: string,
    offset: number,
    path: string,
  ) => ({
    ok: false as const,
    error: new DecodeError(code, detail, { bytes, offset, path }),
  });
  if (bytes.length < LENGTH_SIZE)
    return fail(
      "OSGP_ERR_TRUNCATED",
      `the length field needs ${LENGTH_SIZE} bytes, ${bytes.length} given`,
      bytes.length,
      "mep.length",
    );
  const length = lengthFieldOf(bytes);
  if (length > maxPayload)
    return fail("OSGP_ERR_FRAME_LENGTH", `length ${length} exceeds ${maxPayload}`, 0, "mep.length");
  const total = LENGTH_SIZE + length;
  if (bytes.length < total)
    return fail(
      "OSGP_ERR_TRUNCATED",
      `length ${length} announces a frame of ${total} bytes, ${bytes.length} given`,
      bytes.length,
      "mep.payload",
    );
  if (bytes.length > total)
    return fail(
      "OSGP_ERR_TRAILING_BYTES",
      `${bytes.length - total} byte(s) after the ${length} announced`,
      total,
      "mep",
    );
  return { ok: true, value: length === 0 ? { kind: "alert" } : { kind: "message", payload: bytes.slice(LENGTH_SIZE) } };
}

/** "mep len=20" or "mep alert": the link half of a trace line. */
export function describeMepFrame(frame: MepFrame): string {
  return frame.kind === "alert" ? "mep alert" : `mep len=${frame.payload.length}`;
}
