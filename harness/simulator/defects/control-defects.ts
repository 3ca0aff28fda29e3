import type { DefectInfo } from "./defect-info";

/**
 * The defects of 8.6-8.11, 8.16 and 8.19 (status, pulse inputs, power
 * quality, display, contactor, relay, test mode, compatibility).
 */
export const CONTROL_DEFECTS = {
  "self-test-not-periodic": {
    clause: "8.6",
    what: "the self-test runs once at power-up and never again: ET58's test count does not grow",
  },
  "alarm-not-latched": {
    clause: "8.6",
    what: "an alarm clears from ET54's latched word as soon as its condition goes, without BP08",
  },
  "pulse-weight-ignored": {
    clause: "8.7",
    what: "each pulse adds 1 to the channel's value in ET06, not the channel's pulse weight",
  },
  "pq-thresholds-unchecked": {
    clause: "8.8",
    what: "ET09 accepts any thresholds, a sag threshold above the swell threshold included",
  },
  "pq-under-voltage-not-counted": {
    clause: "8.8.1",
    what: "an under-voltage that lasts the qualifying time is not counted in ET09",
  },
  "display-list-unknown-source": {
    clause: "8.9.1",
    what: "the display lists (ET07, ET77) accept a source id that ET67 does not list",
  },
  "display-ct-ratio-unchecked": { clause: "8.9.6", what: "ET07 accepts a CT ratio of 0" },
  "power-threshold-in-kw": {
    clause: "8.10.1.1",
    what: "ET30's power threshold, written in W, is compared in kW: the contactor never opens for power",
  },
  "current-threshold-ignored": { clause: "8.10.1.2", what: "the contactor ignores ET30's current threshold" },
  "prepaid-credit-not-decremented": {
    clause: "8.10.2",
    what: "the prepaid credit of ET55 is not decremented by the energy imported",
  },
  "remote-reconnect-without-arming": {
    clause: "8.10.3",
    what: "a remote close closes the contactor although ET55 asks for a local reconnect (it should only arm it)",
  },
  "contactor-unknown-action-accepted": {
    clause: "8.10.4",
    what: "EP30 answers an unknown action 'completed' instead of 'invalid parameter'",
  },
  "relay-randomisation-ignored": {
    clause: "8.11.1",
    what: "the relay's random delay is drawn in a fixed 15-minute window, whatever ET05's window",
  },
  "relay-calendar-ignored": { clause: "8.11.2", what: "the relays never switch at ET61's calendar times" },
  "relay-unknown-command-accepted": {
    clause: "8.11.3",
    what: "EP05 answers an unknown relay command 'completed' instead of 'invalid parameter'",
  },
  "test-mode-no-timeout": { clause: "8.16", what: "test mode never ends by itself after ET55's timeout" },
  "test-mode-energy-billed": {
    clause: "8.16",
    what: "energy measured in test mode is charged to the prepaid credit (billing)",
  },
  "ics-not-persisted": {
    clause: "8.19",
    what: "a write of ET54's interface compatibility setting is acknowledged but not kept",
  },
  "ics-reserved-bits-stored": {
    clause: "8.19",
    what: "a write of ET54's interface compatibility setting with reserved bits set is acknowledged and kept as written",
  },
  "ics-ica-nak-ignored": {
    clause: "8.19",
    what: "with ET54's ICS 'ICA NAK' bit cleared, an interface change still moves the MEP sequence number on (NAK)",
    link: "mep",
  },
} as const satisfies Record<string, DefectInfo>;
