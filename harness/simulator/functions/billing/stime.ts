import { epochMsToLTimeDate, type STimeDate } from "../../../protocol/types/time-types";

/**
 * A meter-clock time (epoch ms) as the STIME_DATE the billing tables stamp: to the minute. A time
 * that two-digit years cannot hold (before 2000, after 2099) is stamped empty rather than wrapped.
 */
export function stime(ms: number): STimeDate | null {
  const t = epochMsToLTimeDate(ms);
  if (t.year < 2000 || t.year > 2099) return null;
  return { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute };
}
