import { ByteWriter, type ByteReader } from "../bytes/cursor";
import { decodeWith, type Decoded } from "../bytes/decoded";
import { packBits, unpackBits } from "./types/bit-fields";
import { readSTimeDate, writeSTimeDate, type STimeDate } from "./types/time-types";

/**
 * The pending event description (PED) of 6.3: the six bytes that come before the data of every
 * read and write of a pending table (id 4096 + the id of the table it will replace) and that head
 * each BT04 activation record.
 *
 *   byte 0     bits 0..3 event code, bit 4 self-read before activation, bit 5 demand reset before
 *              activation (bits 6..7 filler)
 *   bytes 1..5 event storage: code 0 an STIME_DATE in UTC (all zero: the empty PED); code 1 weeks,
 *              days, hours, minutes, seconds (UINT8 each) after the write; code 2 five bytes the
 *              device does not interpret (the table waits for BP12/BP13)
 *
 * Codes 3..15 are not defined and do not decode. The ranges of the relative fields (hours 0..23,
 * minutes and seconds 0..59) are ours: OPG names the fields, not their limits.
 */
export const PED_SIZE = 6;

const CONTROL_BITS = { code: [0, 3], selfRead: [4, 4], demandReset: [5, 5], filler: [6, 7] } as const;

export const PED_CODE = { absolute: 0, relative: 1, manual: 2 } as const;

export interface RelativeDelay {
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export type PendingTrigger =
  /** null: the all-zero STIME_DATE, the empty PED. */
  | { readonly kind: "absolute"; readonly at: STimeDate | null }
  | { readonly kind: "relative"; readonly delay: RelativeDelay }
  | { readonly kind: "manual"; readonly tag: Uint8Array };

export interface PendingEvent {
  readonly trigger: PendingTrigger;
  readonly selfRead: boolean;
  readonly demandReset: boolean;
}

const RELATIVE_LIMITS: Readonly<Record<keyof RelativeDelay, number>> = {
  weeks: 255,
  days: 255,
  hours: 23,
  minutes: 59,
  seconds: 59,
};
const RELATIVE_FIELDS = ["weeks", "days", "hours", "minutes", "seconds"] as const;

export function readPendingEvent(r: ByteReader, field: string): PendingEvent {
  const at = r.offset;
  const control = unpackBits(r.u8(`${field}.control`), CONTROL_BITS);
  let trigger: PendingTrigger;
  switch (control.code) {
    case PED_CODE.absolute:
      trigger = { kind: "absolute", at: readSTimeDate(r, `${field}.at`) };
      break;
    case PED_CODE.relative: {
      const delay: Record<string, number> = {};
      for (const [i, name] of RELATIVE_FIELDS.entries()) {
        const v = r.u8(`${field}.${name}`);
        if (v > RELATIVE_LIMITS[name])
          r.fail("OSGP_ERR_FIELD_RANGE", `${field}.${name}`, `${v} is outside 0..${RELATIVE_LIMITS[name]}`, at + 1 + i);
        delay[name] = v;
      }
      trigger = { kind: "relative", delay: delay as unknown as RelativeDelay };
      break;
    }
    case PED_CODE.manual:
      trigger = { kind: "manual", tag: r.bytes(5, `${field}.tag`) };
      break;
    default:
      return r.fail(
        "OSGP_ERR_FIELD_RANGE",
        `${field}.code`,
        `event code ${control.code} is not 0 (absolute), 1 (relative) or 2 (no automatic activation)`,
        at,
      );
  }
  return { trigger, selfRead: control.selfRead === 1, demandReset: control.demandReset === 1 };
}

export function writePendingEvent(w: ByteWriter, v: PendingEvent, field: string): void {
  const code = PED_CODE[v.trigger.kind];
  w.u8(
    packBits({ code, selfRead: +v.selfRead, demandReset: +v.demandReset, filler: 0 }, CONTROL_BITS, `${field}.control`),
    `${field}.control`,
  );
  const t = v.trigger;
  if (t.kind === "absolute") writeSTimeDate(w, t.at, `${field}.at`);
  else if (t.kind === "manual") w.bytes(t.tag, `${field}.tag`, 5);
  else {
    for (const name of RELATIVE_FIELDS) {
      const x = t.delay[name];
      if (!Number.isInteger(x) || x < 0 || x > RELATIVE_LIMITS[name])
        w.fail(`${field}.${name}`, `${x} is outside 0..${RELATIVE_LIMITS[name]}`);
      w.u8(x, `${field}.${name}`);
    }
  }
}

export function decodePendingEvent(bytes: Uint8Array): Decoded<PendingEvent> {
  return decodeWith(bytes, "PED", (r) => readPendingEvent(r, "ped"));
}

export function encodePendingEvent(v: PendingEvent): Uint8Array {
  const w = new ByteWriter("PED");
  writePendingEvent(w, v, "ped");
  return w.toBytes();
}

/** How long a relative PED waits, in ms. */
export function relativeDelayMs(d: RelativeDelay): number {
  return ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** A relative delay of `seconds` seconds (below one week), split into its fields. */
export function relativeDelayOf(seconds: number): RelativeDelay {
  const s = Math.max(0, Math.floor(seconds));
  return {
    weeks: Math.floor(s / 604_800),
    days: Math.floor(s / 86_400) % 7,
    hours: Math.floor(s / 3600) % 24,
    minutes: Math.floor(s / 60) % 60,
    seconds: s % 60,
  };
}
