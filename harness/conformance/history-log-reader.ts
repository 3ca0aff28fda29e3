import type { TableFormat } from "../protocol/table-format";
import { BT71, decodeLogDimensions, type LogDimensions } from "../protocol/tables/bt70-bt71-log-dimensions";
import {
  BT72,
  decodeEventsIdentification,
  type EventsIdentification,
} from "../protocol/tables/bt72-bt73-history-events";
import {
  BT74,
  decodeHistoryEntry,
  decodeHistoryLogHeader,
  HISTORY_HEADER_SIZE,
  historyEntryOffset,
  historyEntrySize,
  type HistoryEntry,
  type HistoryEntryShape,
  type HistoryLogHeader,
} from "../protocol/tables/bt74-history-log-data";
import type { TableClient } from "../session/table-client";
import { decoded } from "./checks";
import { readTable, readTablePart } from "./records-io";

/**
 * Reading the history log (8.12) as C12.19 lays it out: BT71 gives the entry layout and the sizes
 * of the event bitmaps, BT74's header the newest entry, and entries are read one by one at the
 * offsets those give, so a large log costs a few small reads.
 */
export interface HistoryLayout extends TableFormat {
  readonly dims: LogDimensions;
  readonly shape: HistoryEntryShape;
}

export interface NumberedEntry {
  readonly element: number;
  readonly entry: HistoryEntry;
}

export async function readHistoryLayout(client: TableClient, format: TableFormat): Promise<HistoryLayout> {
  const { order, config } = format;
  const bt71 = await readTable(client, BT71);
  const dims = decoded(decodeLogDimensions(bt71, order), "BT71", bt71);
  return { order, config, dims, shape: historyShapeOf(dims) };
}

/** A BT74 entry's layout as BT71 gives it. */
export function historyShapeOf(dims: LogDimensions): HistoryEntryShape {
  const f = dims.flags;
  return {
    historyDateTime: f.historyDateTime,
    eventNumber: f.eventNumber,
    historySequenceNumber: f.historySequenceNumber,
    argumentLength: dims.historyArgumentLength,
  };
}

export async function readHistoryHeader(client: TableClient, layout: HistoryLayout): Promise<HistoryLogHeader> {
  const bytes = await readTablePart(client, BT74, 0, HISTORY_HEADER_SIZE);
  return decoded(decodeHistoryLogHeader(bytes, layout.order), "BT74's header", bytes);
}

export async function readHistoryEntry(
  client: TableClient,
  layout: HistoryLayout,
  element: number,
): Promise<HistoryEntry> {
  const bytes = await readTablePart(
    client,
    BT74,
    historyEntryOffset(layout.shape, element),
    historyEntrySize(layout.shape),
  );
  return decoded(decodeHistoryEntry(bytes, layout.order, layout.shape), `entry ${element} of BT74`, bytes);
}

/** Up to `count` of the newest entries, oldest first. */
export async function readNewestEntries(
  client: TableClient,
  layout: HistoryLayout,
  header: HistoryLogHeader,
  count: number,
): Promise<NumberedEntry[]> {
  const n = layout.dims.historyEntries;
  const out: NumberedEntry[] = [];
  for (let k = Math.min(count, header.validEntries, n) - 1; k >= 0; k--) {
    const element = (header.lastEntryElement - k + n * (k + 1)) % n;
    out.push({ element, entry: await readHistoryEntry(client, layout, element) });
  }
  return out;
}

export async function readEventsIdentification(
  client: TableClient,
  layout: HistoryLayout,
): Promise<EventsIdentification> {
  const bt72 = await readTable(client, BT72);
  return decoded(decodeEventsIdentification(bt72, layout.dims.stdEventBytes, layout.dims.mfgEventBytes), "BT72", bt72);
}
