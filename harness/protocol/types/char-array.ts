import type { ByteReader, ByteWriter } from "../../bytes/cursor";

/**
 * CHAR arrays of 6.2 (BT00 char format 1 = ISO 7-bit ASCII). Bytes are kept one-to-one as
 * characters so that decode then encode gives the same bytes; trimming is the caller's choice.
 */
export function readChars(r: ByteReader, length: number, field: string): string {
  return String.fromCharCode(...r.bytes(length, field));
}

/** Pads with `pad` (C12.19 pads with spaces; NUL-terminated OSGP fields pad with 0x00). */
export function writeChars(w: ByteWriter, text: string, length: number, field: string, pad = 0x20): void {
  if (text.length > length) w.fail(field, `"${text}" is longer than ${length} characters`);
  for (let i = 0; i < length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : pad;
    if (code > 0xff) w.fail(field, `character ${JSON.stringify(text[i])} is not a single byte`);
    w.u8(code, field);
  }
}

/** The text up to the first NUL, without trailing spaces: what a person means by the field. */
export function trimChars(text: string): string {
  const nul = text.indexOf("\0");
  return (nul >= 0 ? text.slice(0, nul) : text).replace(/ +$/, "");
}
