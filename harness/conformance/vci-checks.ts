import { bytesEqual } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import { isTableUsed, type GeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import { tableName } from "../protocol/table-id";
import type { TableClient } from "../session/table-client";
import { isUndecidingRefusal } from "./checks";
import type { SweepFindings, Violation } from "./table-sweeps";
import { parseFieldReference, type FieldReference } from "./vci-field-references";

/**
 * 6.4 and 6.5 over the fields the PIXIT names: an F or M field refuses a write that would change it
 * and keeps its value; an H field takes a write of its own value; a field with a hard-coded value
 * holds it. A field that cannot be read is undecided: its value, and so whether a write changed it,
 * is unknown; so is one in a table the device does not declare (the PIXIT names a table the device
 * does not have, which is the lab's to fix, not the device's breach).
 */
export interface PixitFields {
  /** The fields in tables BT00 declares, to be swept. */
  readonly fields: FieldReference[];
  /** The others, undecided. */
  readonly undeclared: Violation[];
}

export function pixitFields(texts: readonly string[], item: string, config: GeneralConfiguration): PixitFields {
  const all = texts.map((t) => parseFieldReference(t, item));
  return {
    fields: all.filter((f) => isTableUsed(config, f.tableId)),
    undeclared: all
      .filter((f) => !isTableUsed(config, f.tableId))
      .map((f) => ({
        subject: f.text,
        detail: `BT00 does not declare ${tableName(f.tableId)}, so the field PIXIT ${item} names cannot be checked`,
      })),
  };
}

async function readByte(client: TableClient, f: FieldReference): Promise<Uint8Array | number> {
  const r = await client.readPartial(f.tableId, f.offset, 1);
  return "data" in r ? r.data : r.code;
}

/**
 * Writes the byte's complement (a different value whatever it holds) into each field, expecting a
 * refusal. An F field never changes; an M field is the meter's to change, so after a refusal only
 * the complement itself shows that the write took effect, and any other new value is undecided.
 */
export async function sweepProtectedFields(
  client: TableClient,
  fields: readonly FieldReference[],
  refused: readonly number[],
  vci: "F" | "M",
): Promise<SweepFindings> {
  const violations: Violation[] = [];
  const undecided: Violation[] = [];
  for (const f of fields) {
    const before = await readByte(client, f);
    if (typeof before === "number") {
      undecided.push({
        subject: f.text,
        detail: `the field could not be read (${describeResponseCode(before)}), so its value cannot be checked`,
      });
      continue;
    }
    const written = Uint8Array.of((before[0] as number) ^ 0xff);
    const w = await client.writePartial(f.tableId, f.offset, written);
    const after = await readByte(client, f);
    if (w.code === RESPONSE_CODE.ok) {
      violations.push({
        subject: f.text,
        detail: `a write changing it was accepted (ok); it held ${toHex(before)}, now ${typeof after === "number" ? describeResponseCode(after) : toHex(after)}`,
      });
      await client.writePartial(f.tableId, f.offset, before);
    } else if (!refused.includes(w.code)) {
      violations.push({
        subject: f.text,
        detail: `a write changing it was answered ${describeResponseCode(w.code)}; allowed: ${refused.map(describeResponseCode).join(" or ")}`,
      });
    } else if (typeof after === "number") {
      undecided.push({
        subject: f.text,
        detail: `the write was refused, and the field could not be read back (${describeResponseCode(after)})`,
      });
    } else if (vci === "M" && !bytesEqual(after, before) && !bytesEqual(after, written)) {
      undecided.push({
        subject: f.text,
        detail: `the write of ${toHex(written)} was refused; the field went from ${toHex(before)} to ${toHex(after)}, which the meter may have done itself`,
      });
    } else if (!bytesEqual(after, before)) {
      violations.push({
        subject: f.text,
        detail: `the write of ${toHex(written)} was refused, yet the field now holds ${toHex(after)}, not ${toHex(before)}`,
      });
    }
  }
  return { violations, undecided };
}

/** Writes each field's own value back, expecting ok. */
export async function sweepHostFields(client: TableClient, fields: readonly FieldReference[]): Promise<SweepFindings> {
  const violations: Violation[] = [];
  const undecided: Violation[] = [];
  for (const f of fields) {
    const before = await readByte(client, f);
    if (typeof before === "number") {
      undecided.push({
        subject: f.text,
        detail: `the field could not be read (${describeResponseCode(before)}), so its own value is unknown`,
      });
      continue;
    }
    const w = await client.writePartial(f.tableId, f.offset, before);
    if (w.code !== RESPONSE_CODE.ok)
      // A refusal for clearance, a lock or a busy device does not say the field is not the host's to write.
      (isUndecidingRefusal(w.code) ? undecided : violations).push({
        subject: f.text,
        detail: `a write of its own value ${toHex(before)} was answered ${describeResponseCode(w.code)}`,
      });
  }
  return { violations, undecided };
}

/** Reads each 6.5 field and compares it with the value the PIXIT gives. */
export async function sweepFieldValues(client: TableClient, fields: readonly FieldReference[]): Promise<SweepFindings> {
  const violations: Violation[] = [];
  const undecided: Violation[] = [];
  for (const f of fields) {
    const value = f.value ?? new Uint8Array(0);
    const r = await client.readPartial(f.tableId, f.offset, value.length);
    if (!("data" in r))
      undecided.push({
        subject: f.text,
        detail: `${tableName(f.tableId)} could not be read: ${describeResponseCode(r.code)}`,
      });
    else if (!bytesEqual(r.data, value))
      violations.push({ subject: f.text, detail: `holds ${toHex(r.data)}, the hard-coded value is ${toHex(value)}` });
  }
  return { violations, undecided };
}
