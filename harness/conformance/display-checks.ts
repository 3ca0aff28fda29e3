import { ByteWriter, type ByteOrder } from "../bytes/cursor";
import { MESSAGE_TEXT_LENGTH } from "../protocol/tables/et07-display-configuration";
import type { DisplaySourceMapping } from "../protocol/tables/et67-display-source-mapping";
import { writeDisplayList, type DisplayList } from "../protocol/tables/et77-secondary-display-list";
import { writeSTimeDate, type STimeDate } from "../protocol/types/time-types";
import { Inconclusive } from "./verdicts";

/**
 * 8.9 over ET07, ET67 and ET77 (PROVISIONAL layouts): the source ids ET67 offers, display lists
 * built from them (or deliberately not), and scheduled messages as ET07 holds them.
 */
export function sourceIds(m: DisplaySourceMapping): number[] {
  return m.sources.map((s) => s.sourceId);
}

/** What is wrong with ET67's list itself: a source id 0, or one listed twice. */
export function sourceProblems(m: DisplaySourceMapping): string[] {
  const ids = sourceIds(m);
  const out: string[] = [];
  if (ids.includes(0)) out.push("ET67 lists source id 0");
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) out.push(`ET67 lists source id(s) ${[...new Set(twice)].join(", ")} more than once`);
  if (m.listLength === 0) out.push("ET67 gives display lists no room (listLength 0)");
  return out;
}

/** A list of the first `n` source ids of ET67, padded with zeros to the list's length. */
export function listOfFirst(m: DisplaySourceMapping, n: number): DisplayList {
  const ids = sourceIds(m);
  if (n > ids.length || n > m.listLength)
    throw new Inconclusive(`ET67 offers ${ids.length} sources and lists of ${m.listLength}; the scenario needs ${n}`);
  return { count: n, entries: Array.from({ length: m.listLength }, (_, i) => (i < n ? (ids[i] as number) : 0)) };
}

/** A source id ET67 does not list: one above the largest (or 1 below it, if that is 0xFFFF). */
export function unknownSourceId(m: DisplaySourceMapping): number {
  const ids = new Set(sourceIds(m));
  for (let id = Math.max(0, ...ids) + 1, n = 0; n < 0x10000; id = (id + 1) & 0xffff, n++)
    if (id !== 0 && !ids.has(id)) return id;
  throw new Inconclusive("ET67 lists every source id");
}

export function listBytes(list: DisplayList, listLength: number, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("display list");
  writeDisplayList(w, list, listLength, order, "list");
  return w.toBytes();
}

/** A scheduled message as ET07 holds it: STIME_DATE start, UINT16 minutes, the text NUL-padded. */
export function messageBytes(start: STimeDate, minutes: number, text: Uint8Array, order: ByteOrder): Uint8Array {
  if (text.length > MESSAGE_TEXT_LENGTH) throw new Inconclusive(`a message holds ${MESSAGE_TEXT_LENGTH} characters`);
  const w = new ByteWriter("message");
  writeSTimeDate(w, start, "start");
  w.uint(minutes, 2, order, "minutes");
  const padded = new Uint8Array(MESSAGE_TEXT_LENGTH);
  padded.set(text);
  return w.bytes(padded, "text").toBytes();
}
