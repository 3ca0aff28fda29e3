import { ConfigError } from "../errors";

/**
 * The instants the billing scenarios move the device clock to (the clock technique): a time of
 * day from the PIXIT on the device's current date, the next self-read time, the next end of a
 * demand (sub-)interval. Intervals are aligned on the device's clock (multiples of their length
 * since midnight), as C12.19 block demand is.
 */
const MINUTE = 60_000;
const DAY = 86_400_000;

/** "19:00:00" as seconds since midnight; "any" as null (the PIXIT's "no particular time"). */
export function parseTimeOfDay(text: string, item: string): number | null {
  if (text === "any") return null;
  const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const [h, min, s] = m === null ? [99, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s > 59)
    throw new ConfigError("OSGP_ERR_PIXIT", `${item}: "${text}" is not a time of day hh:mm:ss (or "any")`);
  return h * 3600 + min * 60 + s;
}

/** The same UTC date as `epochMs`, at `seconds` past midnight. */
export function atTimeOfDay(epochMs: number, seconds: number): number {
  return Math.floor(epochMs / DAY) * DAY + seconds * 1000;
}

/** The first instant after `epochMs` whose time of day is `seconds`. */
export function nextTimeOfDay(epochMs: number, seconds: number): number {
  const today = atTimeOfDay(epochMs, seconds);
  return today > epochMs ? today : today + DAY;
}

/**
 * The end of a demand (sub-)interval of `minutes` to move the clock before: the first one at or
 * after `fromMs`, skipping those that are also ends of an interval of `notMinutes` (to tell two
 * interval lengths apart).
 */
export function intervalEnd(fromMs: number, minutes: number, notMinutes: number | null = null): number {
  const step = minutes * MINUTE;
  let end = Math.ceil(fromMs / step) * step;
  while (notMinutes !== null && end % (notMinutes * MINUTE) === 0) end += step;
  return end;
}
