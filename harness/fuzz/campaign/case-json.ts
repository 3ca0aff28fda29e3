import { toHex } from "../../bytes/hex";
import { parseHex } from "../../bytes/parse-hex";

/**
 * Cases as JSON for fixtures and reports: byte arrays become {"$hex": "01 02"} so that a lab
 * reads (and edits) the bytes, and come back as Uint8Array.
 */
export function caseToJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, hexReplacer));
}

/** JSON.stringify's replacer for cases: bytes as {"$hex": ...}, bigints as text. */
export function hexReplacer(_key: string, v: unknown): unknown {
  return v instanceof Uint8Array ? { $hex: toHex(v) } : typeof v === "bigint" ? String(v) : v;
}

export function caseFromJson<T>(json: unknown): T {
  return JSON.parse(JSON.stringify(json), (_k, v: unknown) => (isHex(v) ? parseHex(v.$hex) : v)) as T;
}

function isHex(v: unknown): v is { $hex: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    Object.keys(v).length === 1 &&
    typeof (v as { $hex?: unknown }).$hex === "string"
  );
}
