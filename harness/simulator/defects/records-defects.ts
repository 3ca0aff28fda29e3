import type { DefectInfo } from "./defect-info";

/** The defects of 8.5 load profile and 8.12 history log. */
export const RECORDS_DEFECTS = {
  "lp-timestamp-off-by-one-interval": {
    clause: "8.5.1",
    what: "data set 1's block end times are one interval late (the end of the interval after the newest one)",
  },
  "lp-clock-set-flag-missing": {
    clause: "8.5.1",
    what: "an interval during which the clock was set lacks the clock-set-forward/backward flag of its extended status",
  },
  "lp-block-end-reading-wrong": {
    clause: "8.5.1",
    what: "data set 1's block-end readings are the registers when the block began, not at its newest interval's end",
  },
  "lp-reconfiguration-not-logged": {
    clause: "8.5",
    what: "a new interval length or channel source in ET21 is applied but not logged to ET75",
  },
  "mbus-lp-data-type-wrong": {
    clause: "8.5.2.1",
    what: "ET57 describes M-Bus channel 2 as a 16-bit integer (DIF 0x02) while BT65 records it as UINT32",
  },
  "mbus-lp-poll-rate-ignored": {
    clause: "8.5.2.2",
    what: "a new M-Bus poll rate is accepted and reported but the M-Bus channels keep being sampled at the old one",
  },
  "mbus-lp-local-time-stamps": {
    clause: "8.5.2.3",
    what: "M-Bus load-profile block end times are stamped one hour ahead of UTC (local time)",
  },
  "lp-unread-not-decremented": {
    clause: "8.5.3",
    what: "BP05 on a load-profile list completes but leaves BT63's unread-block count unchanged",
  },
  "lp-unread-alarm-never-raised": {
    clause: "8.5.3",
    what: "the unread-entries alarm (ET73 bit 0) stays off however many blocks are unread",
  },
  "history-log-drops-clock-change": {
    clause: "8.12",
    what: "clock changes (events 3-6) never reach BT74 although BT73 enables them",
  },
  "history-log-sequence-restarts": {
    clause: "8.12",
    what: "BT74's entry sequence numbers start again from 1 after each clock change",
  },
  "critical-bitmask-ignored": {
    clause: "8.12.1.2",
    what: "every logged event raises the critical-event flag, whatever ET72's bitmask says",
  },
  "critical-category-ignored": {
    clause: "8.12.1.1",
    what: "ET72's category mask is ignored: only events marked one by one are critical",
  },
} as const satisfies Record<string, DefectInfo>;
