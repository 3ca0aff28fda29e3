import type { ByteReader, ByteWriter } from "../../bytes/cursor";

/** BCD of 6.2: two decimal digits per byte, the high nibble first. */
export function readBcd(r: ByteReader, byteCount: number, field: string): string {
  const at = r.offset;
  const bytes = r.bytes(byteCount, field);
  let digits = "";
  bytes.forEach((byte, i) => {
    const hi = byte >> 4;
    const lo = byte & 0x0f;
    if (hi > 9 || lo > 9)
      r.fail("OSGP_ERR_FIELD_RANGE", field, `byte 0x${byte.toString(16).padStart(2, "0")} is not BCD`, at + i);
    digits += `${hi}${lo}`;
  });
  return digits;
}

/** Writes `digits` right-aligned in `byteCount` bytes, padding with leading zeros. */
export function writeBcd(w: ByteWriter, digits: string, byteCount: number, field: string): void {
  if (!/^[0-9]*$/.test(digits) || digits.length > byteCount * 2) {
    w.fail(field, `"${digits}" is not at most ${byteCount * 2} decimal digits`);
  }
  const padded = digits.padStart(byteCount * 2, "0");
  for (let i = 0; i < byteCount; i++) w.u8(parseInt(padded.slice(2 * i, 2 * i + 2), 16), field);
}
