import type { ByteOrder } from "../bytes/cursor";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import { ET05, ET05_RELAY_FIELDS, relaySettingsOffset } from "../protocol/tables/et05-control-output-settings";
import { ET06, ET06_CHANNEL_FIELDS, ET06_HOST_BYTES, pulseChannelOffset } from "../protocol/tables/et06-pulse-inputs";
import { ET07, ET07_FIELDS } from "../protocol/tables/et07-display-configuration";
import { ET09, ET09_FIELDS, ET09_THRESHOLDS_SIZE } from "../protocol/tables/et09-power-quality";
import { ET30, ET30_FIELDS } from "../protocol/tables/et30-maximum-power-current";
import { ET54, ET54_FIELDS } from "../protocol/tables/et54-meter-status";
import { ET55, ET55_FIELDS } from "../protocol/tables/et55-meter-configuration";
import { ET61 } from "../protocol/tables/et61-relay-calendar";
import { ET62, ET62_CHANNEL_FIELDS, lpDisplayChannelOffset } from "../protocol/tables/et62-lp-display-configuration";
import { ET58, ET58_FIELDS } from "../protocol/tables/et58-status-extension";
import { ET70, ET70_FIELDS } from "../protocol/tables/et70-ram-only-status";
import { ET71, ET71_FIELDS } from "../protocol/tables/et71-delta-data-alerts";
import { ET77 } from "../protocol/tables/et77-secondary-display-list";
import { fieldBytes, fieldValue, type FieldPlace } from "../protocol/types/uint-fields";
import type { TableClient } from "../session/table-client";
import { writeRestore, type RestoreBench } from "./bench-restore";
import { readBytes } from "./control-tables";
import { Inconclusive } from "./verdicts";

/**
 * The named fields the control scenarios write and read back ("ET07.scrollSeconds",
 * "ET06.channel1.pulseWeight"), placed by the codecs' PROVISIONAL layouts, and the host-written
 * parts of each control table, which a scenario saves and restores.
 */
export interface ControlField {
  readonly name: string;
  readonly tableId: number;
  readonly place: FieldPlace;
}

const FIXED_FIELDS: Readonly<
  Record<string, { readonly tableId: number; readonly fields: Readonly<Record<string, FieldPlace>> }>
> = {
  ET07: { tableId: ET07, fields: ET07_FIELDS },
  ET09: { tableId: ET09, fields: ET09_FIELDS },
  ET30: { tableId: ET30, fields: ET30_FIELDS },
  ET54: { tableId: ET54, fields: ET54_FIELDS },
  ET55: { tableId: ET55, fields: ET55_FIELDS },
  ET58: { tableId: ET58, fields: ET58_FIELDS },
  ET70: { tableId: ET70, fields: ET70_FIELDS },
  ET71: { tableId: ET71, fields: ET71_FIELDS },
};

/** Tables of records: the record's word in the name, where record n (1-based) starts, its fields. */
const RECORD_FIELDS: Readonly<
  Record<
    string,
    {
      readonly tableId: number;
      readonly record: string;
      readonly at: (i: number) => number;
      readonly fields: Readonly<Record<string, FieldPlace>>;
    }
  >
> = {
  ET05: { tableId: ET05, record: "relay", at: relaySettingsOffset, fields: ET05_RELAY_FIELDS },
  ET06: { tableId: ET06, record: "channel", at: pulseChannelOffset, fields: ET06_CHANNEL_FIELDS },
  ET62: { tableId: ET62, record: "channel", at: lpDisplayChannelOffset, fields: ET62_CHANNEL_FIELDS },
};

export function controlField(name: string): ControlField {
  const [table, second, third] = name.split(".");
  const fixed = FIXED_FIELDS[table ?? ""];
  const place = fixed?.fields[second ?? ""];
  if (fixed !== undefined && place !== undefined && third === undefined) return { name, tableId: fixed.tableId, place };
  const rec = RECORD_FIELDS[table ?? ""];
  const m = new RegExp(`^${rec?.record ?? "-"}(\\d+)$`).exec(second ?? "");
  const inner = rec?.fields[third ?? ""];
  if (rec !== undefined && m !== null && Number(m[1]) >= 1 && inner !== undefined) {
    return { name, tableId: rec.tableId, place: { ...inner, offset: rec.at(Number(m[1]) - 1) + inner.offset } };
  }
  throw new Inconclusive(
    `"${name}" is not a field of the control tables (e.g. ET07.scrollSeconds, ET06.channel1.pulseWeight)`,
  );
}

export async function readField(c: TableClient, f: ControlField, order: ByteOrder): Promise<number> {
  return fieldValue(await readBytes(c, f.tableId, f.place.offset, f.place.size), { ...f.place, offset: 0 }, order);
}

/** The bytes a write of `value` into the field sends, in the device's table data order. */
export function fieldData(f: ControlField, value: number, order: ByteOrder): Uint8Array {
  const b = fieldBytes(value, { ...f.place, offset: 0 }, order);
  if (b === null) throw new Inconclusive(`${value} does not fit ${f.name} (${f.place.size} byte(s))`);
  return b;
}

/** The parts of a control table's image the host writes: [offset, length] pairs. */
export function hostRanges(tableId: number, image: Uint8Array): Array<readonly [number, number]> {
  const n = image.length;
  switch (tableId) {
    case ET06:
      return Array.from({ length: image[0] ?? 0 }, (_, i) => [pulseChannelOffset(i), ET06_HOST_BYTES] as const);
    case ET09:
      return [[0, ET09_THRESHOLDS_SIZE]];
    case ET71:
      return [[0, ET71_FIELDS.referenceWh.offset]];
    case ET54:
      return [[ET54_FIELDS.ics.offset, 1]];
    case ET07:
      return [[0, n - 1]];
    case ET05:
    case ET61:
    case ET62:
      return [[1, n - 1]];
    case ET30:
    case ET55:
    case ET77:
      return [[0, n]];
  }
  throw new Inconclusive(`${tableName(tableId)} is not a control table the suite restores`);
}

/** Writes back the host parts of a table as they were saved. */
export async function restoreHostParts(c: TableClient, tableId: number, saved: Uint8Array): Promise<void> {
  for (const [offset, length] of hostRanges(tableId, saved)) {
    const r = await c.writePartial(tableId, offset, saved.subarray(offset, offset + length));
    if (r.code !== 0)
      throw new Inconclusive(
        `restoring ${tableName(tableId)} (offset ${offset}) was answered ${describeResponseCode(r.code)}`,
      );
  }
}

/** The bench commands that do what restoreHostParts does, for a lab to run when the harness could not. */
export function hostPartsRestores(b: RestoreBench, tableId: number, saved: Uint8Array): string[] {
  return hostRanges(tableId, saved).map(([o, n]) => writeRestore(b, tableId, o, saved.subarray(o, o + n)));
}
