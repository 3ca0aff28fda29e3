import type { DefectInfo } from "./defect-info";

/** The defects of 8.2 TOU calendar, 6.1-6.7 data representation and pending tables. */
export const CALENDAR_DEFECTS = {
  "clock-state-month-zero-based": { clause: "6.2", what: "BT55 writes the month of its LTIME_DATE as 0..11" },
  "ped-activation-ignored": {
    clause: "6.3",
    what: "a pending table never activates at the time its PED gives (BP12/BP13 still work)",
  },
  "relative-ped-minutes-for-seconds": { clause: "6.3", what: "a relative PED's seconds are counted as minutes" },
  "impossible-ped-accepted": {
    clause: "6.3",
    what: "a pending write whose PED does not decode (month 13, event code 3) is accepted and waits for BP12/BP13",
  },
  "bp14-clears-nothing": { clause: "6.3", what: "BP14 completes but every pending table stays pending" },
  "bt04-count-stale": {
    clause: "6.3",
    what: "BT04's number of pending activations keeps the count of the last pending write",
  },
  "fixed-field-write-accepted": { clause: "6.4", what: "a write changing an F (fixed) field is accepted" },
  "meter-field-writable": { clause: "6.4", what: "a write changing an M (meter-controlled) field is accepted" },
  "tier-switch-hour-late": { clause: "8.2", what: "the calendar switches tiers an hour after the time BT54 gives" },
  "override-never-expires": { clause: "8.2.1", what: "an ET47 override until a time stays in force after that time" },
  "over-power-tier-ignored": {
    clause: "8.2.2",
    what: "power above the ET48 threshold leaves energy in the calendar's tier",
  },
} as const satisfies Record<string, DefectInfo>;
