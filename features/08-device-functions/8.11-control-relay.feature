@optical @mep @plc @clause-8.11 @optional @provisional-layout-ET05 @provisional-layout-ET46 @provisional-layout-ET61
Feature: 8.11 Control relay
  ET05 holds each relay's settings (remote-only or calendar mode, the randomisation window), ET46
  its state, the switch pending and the delay drawn, ET61 the switch calendar; byte 0 of ET05 and
  ET46 counts the relays. PROVISIONAL: the layouts are the suite's own; refused values answer one
  of PIXIT control.rejectedValue. The spec gives no range for the window or the modes: the device's
  are PIXIT control.limits.

  Background:
    Given the device has the optional feature "8.11"
    And a session that may write tables

  Scenario: The relay tables describe the same relays
    Then ET05, ET46 and ET61 agree on the relays

  Scenario: Relay settings at the PIXIT's limits are kept
    Given the control table ET05 will be restored after the scenario
    Then each of these control field values is kept:
      | field                      | value                                |
      | ET05.relay1.windowSeconds  | control.limits.relayWindowMaxSeconds |
      | ET05.relay1.mode           | control.limits.relayModeMax          |

  Scenario: Relay settings past the PIXIT's limits are refused, and the fields keep their values
    Given the control table ET05 will be restored after the scenario
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value                                    |
      | ET05.relay1.windowSeconds  | control.limits.relayWindowMaxSeconds + 1 |
      | ET05.relay1.mode           | control.limits.relayModeMax + 1          |
