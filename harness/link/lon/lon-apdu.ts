import { ByteWriter, type ByteReader } from "../../bytes/cursor";
import { EncodeError } from "../../errors";
import { hex2, requireUint } from "./field-range";

/**
 * The ISO/IEC 14908-1 APDU: a "destination & type" byte, then data (packet-lon.c dissect_apdu).
 *
 *   1xxxxxxx  network variable: the first two bytes are 1 | direction | 14-bit selector
 *   00xxxxxx  application message, code 0x00..0x3f
 *   0100xxxx  foreign frame, code 0x40..0x4f
 *   0101xxxx  network diagnostic, code 0x50..0x5f
 *   011xxxxx  network management, code 0x60..0x7f
 *
 * For every kind but "nv", `code` is the whole first byte, so an OSGP request code reads the same
 * here as in the OSGP APDU (0x3f stays 0x3f). For "nv", `code` is the 14-bit selector.
 *
 * 14908-1 responses to network management and diagnostic requests use the application and
 * foreign ranges (NM success = 0x20 | request & 0x1f, ND success = 0x30 | request & 0x0f: see
 * network-management.ts), so a response code alone does not say whether it answers an OSGP or an
 * NM request: the request it answers does.
 */
export type LonApdu =
  | {
      readonly kind: "message" | "foreign" | "diagnostic" | "management";
      readonly code: number;
      readonly data: Uint8Array;
    }
  | { readonly kind: "nv"; readonly code: number; readonly direction: 0 | 1; readonly data: Uint8Array };

export type LonApduKind = LonApdu["kind"];

/** The Service Pin message (NM code 0x7f) carries the 6-byte unique id and the 8-byte program id. */
export const SERVICE_PIN_CODE = 0x7f;
export const SERVICE_PIN_DATA_SIZE = 6 + 8;

const RANGES: Record<Exclude<LonApduKind, "nv">, readonly [number, number]> = {
  message: [0x00, 0x3f],
  foreign: [0x40, 0x4f],
  diagnostic: [0x50, 0x5f],
  management: [0x60, 0x7f],
};

/** Which kind a first APDU byte selects, exactly as the dissector tests its bits. */
export function apduKindOf(firstByte: number): LonApduKind {
  if ((firstByte & 0x80) !== 0) return "nv";
  if ((firstByte & 0xc0) === 0) return "message";
  if ((firstByte & 0xe0) === 0x60) return "management";
  if ((firstByte & 0xf0) === 0x50) return "diagnostic";
  return "foreign";
}

export function writeApdu(w: ByteWriter, a: LonApdu, path: string): void {
  if (a.kind === "nv") {
    requireUint(a.code, 0x3fff, `${path}.selector`);
    requireUint(a.direction, 1, `${path}.direction`);
    w.u16be(0x8000 | (a.direction << 14) | a.code, `${path}.selector`);
  } else {
    const [low, high] = RANGES[a.kind];
    if (!Number.isInteger(a.code) || a.code < low || a.code > high) {
      throw new EncodeError(
        "OSGP_ERR_ENCODE_RANGE",
        `code ${a.code} is outside 0x${hex2(low)}..0x${hex2(high)}, the ${a.kind} range`,
        { path: `${path}.code` },
      );
    }
    // The dissector reads 14 bytes after 0x7f; fewer would not be a Service Pin message.
    if (a.code === SERVICE_PIN_CODE && a.data.length < SERVICE_PIN_DATA_SIZE) {
      throw new EncodeError(
        "OSGP_ERR_ENCODE_RANGE",
        `the Service Pin message needs ${SERVICE_PIN_DATA_SIZE} data bytes, ${a.data.length} given`,
        { path: `${path}.data` },
      );
    }
    w.u8(a.code, `${path}.code`);
  }
  w.bytes(a.data, `${path}.data`);
}

/** The APDU's bytes as they go on the wire; a bad APDU throws EncodeError. */
export function encodeApdu(a: LonApdu, path = "lon.apdu"): Uint8Array {
  const w = new ByteWriter("");
  writeApdu(w, a, path);
  return w.toBytes();
}

/** The APDU always ends the PDU, so its data is everything left. */
export function readApdu(r: ByteReader, path: string): LonApdu {
  const at = r.offset;
  const first = r.u8(`${path}.code`);
  const kind = apduKindOf(first);
  if (kind === "nv") {
    const second = r.u8(`${path}.selector`);
    return { kind, code: ((first & 0x3f) << 8) | second, direction: ((first >> 6) & 1) as 0 | 1, data: r.rest() };
  }
  if (first === SERVICE_PIN_CODE && r.remaining < SERVICE_PIN_DATA_SIZE) {
    r.fail(
      "OSGP_ERR_TRUNCATED",
      `${path}.data`,
      `the Service Pin message needs ${SERVICE_PIN_DATA_SIZE} data bytes (unique id, program id), ${r.remaining} left`,
      at + 1,
    );
  }
  return { kind, code: first, data: r.rest() };
}

export function apduLength(a: LonApdu): number {
  return (a.kind === "nv" ? 2 : 1) + a.data.length;
}

/** "APDU code 0x3f, 8 bytes": the APDU half of a trace line; the byte count includes the code. */
export function describeApdu(a: LonApdu): string {
  const n = `${apduLength(a)} bytes`;
  switch (a.kind) {
    case "message":
      return `APDU code 0x${hex2(a.code)}, ${n}`;
    case "foreign":
      return `APDU foreign-frame code 0x${hex2(a.code)}, ${n}`;
    case "diagnostic":
      return `APDU ND code 0x${hex2(a.code)}${nameIn(ND_NAMES, a.code)}, ${n}`;
    case "management":
      return `APDU NM code 0x${hex2(a.code)}${nameIn(NM_NAMES, a.code)}, ${n}`;
    case "nv":
      return `APDU NV selector 0x${a.code.toString(16).padStart(4, "0")} direction ${a.direction}, ${n}`;
  }
}

/** The names packet-lon.c gives these codes (nm_code_vs, nd_code_vs). */
export const NM_NAMES: Readonly<Record<number, string>> = {
  0x61: "NM_QUERY_ID",
  0x62: "NM_RESPOND_TO_QUERY",
  0x63: "NM_UPDATE_DOMAIN",
  0x64: "NM_LEAVE_DOMAIN",
  0x65: "NM_UPDATE_KEY",
  0x66: "NM_UPDATE_ADDR",
  0x67: "NM_QUERY_ADDR",
  0x68: "NM_QUERY_NV_CNFG",
  0x69: "NM_UPDATE_GROUP_ADDR",
  0x6a: "NM_QUERY_DOMAIN",
  0x6b: "NM_UPDATE_NV_CNFG",
  0x6c: "NM_SET_NODE_MODE",
  0x6d: "NM_READ_MEMORY",
  0x6e: "NM_WRITE_MEMORY",
  0x6f: "NM_CHECKSUM_RECALC",
  0x70: "NM_WINK",
  0x71: "NM_MEMORY_REFRESH",
  0x72: "NM_QUERY_SNVT",
  0x73: "NM_NV_FETCH",
  0x7f: "NM_MANUAL_SERVICE_REQUEST",
};

export const ND_NAMES: Readonly<Record<number, string>> = {
  0x51: "ND_QUERY_STATUS",
  0x52: "ND_PROXY_COMMAND",
  0x53: "ND_CLEAR_STATUS",
  0x54: "ND_QUERY_XCVR",
};

function nameIn(names: Readonly<Record<number, string>>, code: number): string {
  const name = names[code];
  return name === undefined ? "" : ` (${name})`;
}
