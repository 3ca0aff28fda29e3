import { recordingFields, type FieldValue, type RecordedField } from "../bytes/cursor";
import { toHex } from "../bytes/hex";
import { tableCodec } from "../protocol/table-codecs";
import type { TableFormat } from "../protocol/table-format";
import { tableName } from "../protocol/table-id";

/**
 * A table's bytes as the lab reads them on the bench: field by field (offset, length, hex, value),
 * the way a packet analyser shows a buffer, replayed from the project's own codec; or, where there
 * is no codec for the table, only its hex, 16 bytes a line.
 */
export type Layout = "decoded" | "provisional" | "no codec" | "partial" | "does not decode";

export interface FieldLine {
  readonly offset: number;
  readonly length: number;
  readonly field: string;
  readonly hex: string;
  readonly value: string;
}

export interface TableView {
  readonly table: string;
  readonly id: number;
  /** Where the bytes start in the table (a partial read). */
  readonly offset: number;
  readonly length: number;
  readonly layout: Layout;
  readonly note: string | null;
  readonly fields: readonly FieldLine[];
  readonly hex: string;
}

const LAYOUT_NOTES: Readonly<Record<Exclude<Layout, "decoded" | "does not decode">, string>> = {
  provisional: "PROVISIONAL layout (ours, not a published one): the fields may not be the device's",
  "no codec": "no codec for this table here (its layout is not known, or other tables dimension it): hex only",
  partial: "a partial read: fields are decoded from whole tables only, so hex only",
};

export function viewTable(id: number, bytes: Uint8Array, context: TableFormat, offset = 0, whole = true): TableView {
  const base = { table: tableName(id), id, offset, length: bytes.length, hex: toHex(bytes) };
  const codec = tableCodec(id);
  if (!whole) return { ...base, layout: "partial", note: LAYOUT_NOTES.partial, fields: [] };
  if (codec === null) return { ...base, layout: "no codec", note: LAYOUT_NOTES["no codec"], fields: [] };
  const { result, fields } = recordingFields(() => codec.decode(bytes, context));
  const lines = placed(fields, bytes).map((f) => fieldLine(f, bytes, offset));
  if (!result.ok)
    return { ...base, layout: "does not decode", note: `the codec stops: ${result.error.message}`, fields: lines };
  return {
    ...base,
    layout: codec.provisional ? "provisional" : "decoded",
    note: codec.provisional ? LAYOUT_NOTES.provisional : null,
    fields: lines,
  };
}

/**
 * Fields at their offsets in `bytes`. A codec that hands a field's bytes to another decoder (ET85
 * holds a BT08 image) reads them with a second reader, whose offsets start at that field's.
 */
function placed(fields: readonly RecordedField[], bytes: Uint8Array): RecordedField[] {
  const bases = new Map<Uint8Array, number>([[bytes, 0]]);
  const out: RecordedField[] = [];
  for (const f of fields) {
    const base = bases.get(f.input);
    if (base === undefined) continue;
    if (f.value instanceof Uint8Array) bases.set(f.value, base + f.offset);
    out.push({ ...f, offset: base + f.offset });
  }
  return out;
}

function fieldLine(f: RecordedField, bytes: Uint8Array, base: number): FieldLine {
  return {
    offset: base + f.offset,
    length: f.length,
    field: f.path,
    hex: toHex(bytes.subarray(f.offset, f.offset + f.length)),
    value: valueText(f.value),
  };
}

/** Numbers in decimal and hex; byte runs as text when they are printable ASCII (NUL padding trimmed), else as hex. */
function valueText(v: FieldValue): string {
  if (typeof v === "number") return v < 0 ? String(v) : `${v} (0x${v.toString(16)})`;
  if (typeof v === "bigint") return String(v);
  const text = Buffer.from(v).toString("latin1").replace(/\0+$/, "");
  return text.length > 0 && /^[\x20-\x7e]*$/.test(text) ? JSON.stringify(text) : clip(toHex(v), 16);
}

/** 16 bytes a line, each line led by the table offset of its first byte. */
export function hexLines(bytes: Uint8Array, offset = 0): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16)
    out.push(`${(offset + i).toString(16).padStart(4, "0")}  ${toHex(bytes.subarray(i, i + 16))}`);
  return out;
}

/** The view as text: a heading, the note, the field table, then the hex. */
export function formatTableView(v: TableView, bytes: Uint8Array): string {
  const head = `${v.table} (id ${v.id}, 0x${v.id.toString(16).padStart(4, "0")}): ${v.length} byte(s)${v.offset > 0 ? ` from offset ${v.offset}` : ""}, ${v.layout}`;
  const lines = [head];
  if (v.note !== null) lines.push(`  note: ${v.note}`);
  if (v.fields.length > 0) {
    const width = Math.max(5, ...v.fields.map((f) => f.field.length));
    lines.push(
      `  ${"offset".padEnd(8)}${"len".padEnd(5)}${"field".padEnd(width + 2)}${"hex".padEnd(HEX_COLUMN + 2)}value`,
    );
    for (const f of v.fields)
      lines.push(
        `  ${String(f.offset).padEnd(8)}${String(f.length).padEnd(5)}${f.field.padEnd(width + 2)}${clip(f.hex, 8).padEnd(HEX_COLUMN + 2)}${f.value}`,
      );
  }
  lines.push(...hexLines(bytes, v.offset).map((l) => `  ${l}`));
  return lines.join("\n");
}

/** The hex column shows 8 bytes (then "..."): the whole table's hex follows the fields. */
const HEX_COLUMN = 8 * 3 + 3;

function clip(hex: string, bytes: number): string {
  return hex.length > bytes * 3 - 1 ? `${hex.slice(0, bytes * 3 - 1)} ...` : hex;
}
