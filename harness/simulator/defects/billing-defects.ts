import type { DefectInfo } from "./defect-info";

/** The defects of 8.4 billing and 8.15 demand. */
export const BILLING_DEFECTS = {
  "bt21-summation-count-short": { clause: "8.4", what: "BT21 declares one summation fewer than BT22 and BT23 hold" },
  "bt23-tier-blocks-stale": {
    clause: "8.4",
    what: "BT23's tier blocks are brought up to date only at self-reads, so between them the tiers do not add up to the total",
  },
  "self-read-hour-late": { clause: "8.4.1", what: "the daily self-read is taken at 01:00 instead of midnight" },
  "self-read-stamped-day-early": {
    clause: "8.4.1",
    what: "BT26 entries carry a time stamp one day before the self-read was taken",
  },
  "total-energy-stale": {
    clause: "8.4.2",
    what: "the total (import + export) energy register is brought up to date only at self-reads",
  },
  "bt23-frozen-between-self-reads": {
    clause: "8.4.3",
    what: "a read of BT23 returns the registers of the last self-read instead of the present totals",
  },
  "present-demand-never-resets": {
    clause: "8.15.1.1",
    what: "the present demand is not restarted at the end of an interval (only by a clock change, reset or reconfiguration)",
  },
  "previous-demand-lags": {
    clause: "8.15.1.2",
    what: "ET40's previous demand is that of the interval before the one that just ended",
  },
  "max-demand-time-interval-start": {
    clause: "8.15.1.3",
    what: "the maximum demand is stamped with the start of its interval instead of its end",
  },
  "coincident-not-captured": { clause: "8.15.1.4", what: "a new maximum demand leaves its coincident value as it was" },
  "cumulative-demand-not-updated": {
    clause: "8.15.1.5",
    what: "a demand reset does not add the maximum demand to the cumulative demand",
  },
  "continuous-cumulative-excludes-maximum": {
    clause: "8.15.1.6",
    what: "the continuous cumulative demand leaves out the present maximum demand",
  },
  "demand-reset-keeps-maximum": {
    clause: "8.15.1.7",
    what: "a demand reset leaves the maximum demand (and its time) as they were",
  },
  "demand-reset-not-logged": {
    clause: "8.15.1.8",
    what: "a demand reset writes no entry into the ET41 historical demand reset log",
  },
  "demand-restart-keeps-previous": {
    clause: "8.15.1.9",
    what: "restarting the demand calculation keeps the previous demand and interval end of the old calculation",
  },
  "demand-reconfiguration-ignored": {
    clause: "8.15.1.10",
    what: "a new ET40 configuration is stored, but the demand calculation goes on with the old one",
  },
} as const satisfies Record<string, DefectInfo>;
