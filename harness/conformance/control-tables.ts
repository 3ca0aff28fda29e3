import type { ByteOrder } from "../bytes/cursor";
import type { Decoded } from "../bytes/decoded";
import { describeResponseCode } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import type { TableFormat } from "../protocol/table-format";
import { ET05, controlOutputSettingsSize } from "../protocol/tables/et05-control-output-settings";
import { ET06, pulseInputsSize } from "../protocol/tables/et06-pulse-inputs";
import { ET07, displayConfigurationSize } from "../protocol/tables/et07-display-configuration";
import { ET09, ET09_SIZE } from "../protocol/tables/et09-power-quality";
import { ET30, ET30_SIZE } from "../protocol/tables/et30-maximum-power-current";
import { ET46, controlOutputDataSize } from "../protocol/tables/et46-control-output-data";
import { ET54, ET54_SIZE } from "../protocol/tables/et54-meter-status";
import { ET55, ET55_SIZE } from "../protocol/tables/et55-meter-configuration";
import { ET58, ET58_SIZE } from "../protocol/tables/et58-status-extension";
import { ET61, relayCalendarSize } from "../protocol/tables/et61-relay-calendar";
import { ET62, ET62_CHANNEL_SIZE } from "../protocol/tables/et62-lp-display-configuration";
import {
  ET67,
  ET67_HEADER_SIZE,
  decodeDisplaySourceMapping,
  displaySourceMappingSize,
  type DisplaySourceMapping,
} from "../protocol/tables/et67-display-source-mapping";
import { ET70, ET70_SIZE } from "../protocol/tables/et70-ram-only-status";
import { ET71, ET71_SIZE } from "../protocol/tables/et71-delta-data-alerts";
import { ET77, displayListSize } from "../protocol/tables/et77-secondary-display-list";
import type { TableClient } from "../session/table-client";
import { decoded } from "./checks";
import { Inconclusive } from "./verdicts";

/**
 * Reading the control tables of 8.6-8.11, 8.16 and 8.19 (PROVISIONAL layouts: see the codecs).
 * A table's size comes from its own dimension byte or from ET67's dimensions, never from the
 * simulator; reads are partial, so that they split into chunks on a link with small messages (PLC).
 */
export async function readBytes(c: TableClient, tableId: number, offset: number, count: number): Promise<Uint8Array> {
  const r = await c.readPartial(tableId, offset, count);
  if (!("data" in r))
    throw new Inconclusive(`${tableName(tableId)} could not be read: ${describeResponseCode(r.code)}`);
  return r.data;
}

/** ET67's dimensions and sources, which size ET07 and ET77. */
export async function readDisplaySources(c: TableClient, f: TableFormat): Promise<DisplaySourceMapping> {
  const head = await readBytes(c, ET67, 0, ET67_HEADER_SIZE);
  const bytes = await readBytes(c, ET67, 0, displaySourceMappingSize(head[0] as number));
  return decoded(decodeDisplaySourceMapping(bytes, f.order), "ET67", bytes);
}

const FIXED: Readonly<Record<number, number>> = {
  [ET09]: ET09_SIZE,
  [ET30]: ET30_SIZE,
  [ET54]: ET54_SIZE,
  [ET55]: ET55_SIZE,
  [ET58]: ET58_SIZE,
  [ET70]: ET70_SIZE,
  [ET71]: ET71_SIZE,
};
/** Tables whose first byte counts their records, and each record's size. */
const COUNTED: Readonly<Record<number, (n: number) => number>> = {
  [ET05]: controlOutputSettingsSize,
  [ET06]: pulseInputsSize,
  [ET46]: controlOutputDataSize,
  [ET61]: relayCalendarSize,
  [ET62]: (n) => 1 + n * ET62_CHANNEL_SIZE,
};

/** The size a control table has on this device, from its layout and the dimensions the device states. */
export async function controlTableSize(c: TableClient, f: TableFormat, tableId: number): Promise<number> {
  const fixed = FIXED[tableId];
  if (fixed !== undefined) return fixed;
  const counted = COUNTED[tableId];
  if (counted !== undefined) return counted((await readBytes(c, tableId, 0, 1))[0] as number);
  if (tableId === ET07 || tableId === ET77) {
    const s = await readDisplaySources(c, f);
    return tableId === ET07 ? displayConfigurationSize(s) : displayListSize(s.listLength);
  }
  if (tableId === ET67) return displaySourceMappingSize((await readBytes(c, ET67, 0, 1))[0] as number);
  throw new Inconclusive(`${tableName(tableId)} is not one of the control tables`);
}

export async function readControlTable(c: TableClient, f: TableFormat, tableId: number): Promise<Uint8Array> {
  return readBytes(c, tableId, 0, await controlTableSize(c, f, tableId));
}

/** A decoded value, or a FAIL naming the table's bytes. */
/** Reads a control table and decodes it in the device's data order. */
export async function readDecoded<T>(
  c: TableClient,
  f: TableFormat,
  tableId: number,
  decode: (b: Uint8Array, order: ByteOrder) => Decoded<T>,
): Promise<{ bytes: Uint8Array; value: T }> {
  const bytes = await readControlTable(c, f, tableId);
  return { bytes, value: decoded(decode(bytes, f.order), tableName(tableId), bytes) };
}
