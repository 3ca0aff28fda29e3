import type { DefectInfo } from "./defect-info";

/** The defects of 8.13, 8.14, 8.17 and 8.18 (one-time reads, group broadcasts, MEP and M-Bus devices). */
export const MEP_MBUS_DEFECTS = {
  "one-time-read-executed-twice": {
    clause: "8.13",
    what: "a one-time read stays armed after it ran, so it runs again at every step after its time",
  },
  "group-request-non-member-executed": {
    clause: "8.14",
    what: "a one-time read addressed to a group the meter is not in (ET18) is armed and executed instead of ignored",
  },
  "mep-non-urgent-never-read": {
    clause: "8.17.1.1",
    what: "non-urgent data posted for the MEP device (EP39 kind 0) is never handed to it: ET15 says 'posted' for ever",
  },
  "mep-unsupported-request-done": {
    clause: "8.17.1.2",
    what: "an on-demand request the MEP device refuses (unknown request code) is shown in ET15 as done instead of failed",
  },
  "mep-scheduled-alarms-dropped": {
    clause: "8.17.2.1",
    what: "the MEP device's scheduled read responses are logged (ET45, ET74) without the alarms the device reported",
  },
  "mep-on-demand-response-lost": {
    clause: "8.17.2.2",
    what: "the MEP device's response to an on-demand request never reaches ET74, although ET15 says the request was answered",
  },
  "mep-unsolicited-data-truncated": {
    clause: "8.17.2.3",
    what: "unsolicited non-urgent data posted from ET50 is logged in ET74 without its last byte",
  },
  "mep-urgent-not-flagged": {
    clause: "8.17.2.4",
    what: "urgent data is logged in ET74 as ordinary data: no urgent flag, not counted",
  },
  "mep-alarms-only-carries-data": {
    clause: "8.17.2.5",
    what: "an alarms-only posting (EP39 kind 6) is logged with the data staged in ET50",
  },
  "mbus-on-demand-never-posted": {
    clause: "8.18.1.1",
    what: "an on-demand read (EP19) completes in BT08 but its reading never reaches ET16",
  },
  "mbus-et16-local-time": {
    clause: "8.18.1.1",
    what: "ET16 time-stamps readings in local time (UTC + 1 h) instead of UTC",
  },
  "mbus-scheduled-read-late": {
    clause: "8.18.1.2",
    what: "a scheduled M-Bus read is taken one minute after the time ET13 gives",
  },
  "mbus-one-time-read-ignored": {
    clause: "8.18.1.3",
    what: "a one-time read of an M-Bus channel logs 0 in ET31 instead of reading the device",
  },
  "mbus-outage-read-reported-complete": {
    clause: "8.18.1.4",
    what: "an on-demand read a power outage interrupts is reported as complete, with a reading taken when the power failed, and never retried",
  },
  "mbus-discovery-occupied-channel": {
    clause: "8.18.2",
    what: "a bus scan installs a newly found device on channel 1, whatever device is already there",
  },
  "ep17-leaves-et14": {
    clause: "8.18.3",
    what: "EP17 frees the channel in ET13 and ET16 but ET14 still shows the device installed",
  },
  "mbus-no-response-no-alarm": {
    clause: "8.18.4",
    what: "a device that does not answer leaves ET14 saying 'active', with no alarm",
  },
} as const satisfies Record<string, DefectInfo>;
