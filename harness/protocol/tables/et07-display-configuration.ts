import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readChars, writeChars } from "../types/char-array";
import { readSTimeDate, writeSTimeDate, STIME_DATE_SIZE, type STimeDate } from "../types/time-types";
import {
  fieldPlaces,
  firstOutOfRange,
  layoutSize,
  readUints,
  writeUints,
  type FieldRanges,
  type UintRecord,
} from "../types/uint-fields";
import {
  checkDisplayList,
  displayListSize,
  readDisplayList,
  writeDisplayList,
  type DisplayList,
} from "./et77-secondary-display-list";

/**
 * ET07 LCD Display Configuration (8.9.2-8.9.9, and the primary list of 8.9.1). PROVISIONAL layout
 * (ours; NES's is not public), LSB first; L and S are ET67's listLength and messageSlots:
 *   0  scrollSeconds 1..60, displayOptions (bits 0..2: auto-scroll, units, leading zeros)   8.9.2
 *   2  errorClasses (bits 0..3: self-test, power quality, contactor, communication),
 *      errorDisplayMode (0 hidden, 1 in the scroll, 2 held on the display)                  8.9.3
 *   4  wheelMode (0 off, 1 import, 2 import and export), UINT16 wheelWhPerRevolution 1..10000 8.9.4
 *   7  disconnectDisplay (0 nothing, 1 "OFF", 2 "OFF" flashing), armedPrompt 0..1             8.9.5
 *   9  UINT16 ctRatio 1..10000, UINT16 vtRatio 1..10000                                       8.9.6
 *   13 firmwareOnPowerUp 0..1, firmwareSeconds 1..30                                         8.9.7
 *   15 plcIcons 0..1, plcGoodLevel 0..100, plcFairLevel 0..100 (below the good level)        8.9.8
 *   18 primary display list (ET77's layout, L entries)                                       8.9.1
 *   .. S messages of 19 bytes: STIME_DATE start (all zero: unused), UINT16 minutes 1..1440,
 *      CHAR(12) text (printable ASCII, NUL-padded)                                           8.9.9
 *   .. UINT8 activeMessage: the message shown now, 1..S, 0 none (meter-controlled)
 */
export const ET07 = EXTENDED_BASE + 7;

const SETTINGS = [
  ["scrollSeconds", 1],
  ["displayOptions", 1],
  ["errorClasses", 1],
  ["errorDisplayMode", 1],
  ["wheelMode", 1],
  ["wheelWhPerRevolution", 2],
  ["disconnectDisplay", 1],
  ["armedPrompt", 1],
  ["ctRatio", 2],
  ["vtRatio", 2],
  ["firmwareOnPowerUp", 1],
  ["firmwareSeconds", 1],
  ["plcIcons", 1],
  ["plcGoodLevel", 1],
  ["plcFairLevel", 1],
] as const;

export type DisplaySettings = UintRecord<typeof SETTINGS>;
export const ET07_FIELDS = fieldPlaces(SETTINGS);
export const ET07_SETTINGS_SIZE = layoutSize(SETTINGS);
export const MESSAGE_TEXT_LENGTH = 12;
const MESSAGE_SIZE = STIME_DATE_SIZE + 2 + MESSAGE_TEXT_LENGTH;

export const ET07_RANGES: FieldRanges<typeof SETTINGS> = {
  scrollSeconds: [1, 60],
  displayOptions: [0, 0x07],
  errorClasses: [0, 0x0f],
  errorDisplayMode: [0, 2],
  wheelMode: [0, 2],
  wheelWhPerRevolution: [1, 10_000],
  disconnectDisplay: [0, 2],
  armedPrompt: [0, 1],
  ctRatio: [1, 10_000],
  vtRatio: [1, 10_000],
  firmwareOnPowerUp: [0, 1],
  firmwareSeconds: [1, 30],
  plcIcons: [0, 1],
  plcGoodLevel: [0, 100],
  plcFairLevel: [0, 100],
};

export interface DisplayMessage {
  readonly start: STimeDate | null;
  readonly minutes: number;
  readonly text: string;
}

export interface DisplayConfiguration {
  readonly settings: DisplaySettings;
  readonly primary: DisplayList;
  readonly messages: readonly DisplayMessage[];
  readonly activeMessage: number;
}

export interface DisplayDims {
  readonly listLength: number;
  readonly messageSlots: number;
}

export function displayConfigurationSize(d: DisplayDims): number {
  return ET07_SETTINGS_SIZE + displayListSize(d.listLength) + d.messageSlots * MESSAGE_SIZE + 1;
}

/** Offset of message `index` (0-based), and of its fields. */
export function messageOffset(d: DisplayDims, index: number): number {
  return ET07_SETTINGS_SIZE + displayListSize(d.listLength) + index * MESSAGE_SIZE;
}

export function activeMessageOffset(d: DisplayDims): number {
  return messageOffset(d, d.messageSlots);
}

function readMessage(r: ByteReader, order: ByteOrder, field: string): DisplayMessage {
  return {
    start: readSTimeDate(r, `${field}.start`),
    minutes: r.uint(2, order, `${field}.minutes`),
    text: readChars(r, MESSAGE_TEXT_LENGTH, `${field}.text`),
  };
}

export function decodeDisplayConfiguration(
  bytes: Uint8Array,
  d: DisplayDims,
  order: ByteOrder,
): Decoded<DisplayConfiguration> {
  return decodeWith(bytes, "ET07", (r) => ({
    settings: readUints(r, SETTINGS, order, ""),
    primary: readDisplayList(r, d.listLength, order, "primary"),
    messages: Array.from({ length: d.messageSlots }, (_, i) => readMessage(r, order, `message[${i}]`)),
    activeMessage: r.u8("activeMessage"),
  }));
}

export function encodeDisplayConfiguration(v: DisplayConfiguration, d: DisplayDims, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("ET07");
  writeUints(w, SETTINGS, v.settings, order, "");
  writeDisplayList(w, v.primary, d.listLength, order, "primary");
  if (v.messages.length !== d.messageSlots)
    w.fail("messages", `needs ${d.messageSlots} messages, got ${v.messages.length}`);
  v.messages.forEach((m, i) => {
    writeSTimeDate(w, m.start, `message[${i}].start`);
    w.uint(m.minutes, 2, order, `message[${i}].minutes`);
    writeChars(w, m.text, MESSAGE_TEXT_LENGTH, `message[${i}].text`, 0);
  });
  return w.u8(v.activeMessage, "activeMessage").toBytes();
}

/** What a device must refuse: a setting out of range, an unknown source in the list, an unshowable message. */
export function checkDisplayConfiguration(v: DisplayConfiguration, knownSourceIds: ReadonlySet<number>): string | null {
  const s = v.settings;
  const bad = firstOutOfRange(s, ET07_RANGES) ?? checkDisplayList(v.primary, knownSourceIds, "primary");
  if (bad !== null) return bad;
  if (s.plcFairLevel >= s.plcGoodLevel)
    return `plcFairLevel (${s.plcFairLevel}) must be below plcGoodLevel (${s.plcGoodLevel})`;
  for (const [i, m] of v.messages.entries()) {
    if (m.start === null) continue;
    if (m.minutes < 1 || m.minutes > 1440) return `message[${i}].minutes = ${m.minutes} (allowed 1..1440)`;
    if (!isShowableText(m.text)) return `message[${i}].text holds a character the display cannot show`;
  }
  return null;
}

/** Printable ASCII, then only NUL padding. */
export function isShowableText(text: string): boolean {
  const nul = text.indexOf("\0");
  const shown = nul < 0 ? text : text.slice(0, nul);
  const padding = nul < 0 ? "" : text.slice(nul);
  return /^[\x20-\x7e]*$/.test(shown) && /^\0*$/.test(padding);
}
