@optical @mep @plc @clause-8.9.8 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67
Feature: 8.9.8 PLC signal quality icons
  Whether the display shows the PLC signal quality icons (0..1), and the levels (0..100) from
  which the signal shows as good and as fair; the fair level lies below the good one.
  PROVISIONAL: the fields are in ET07 at the suite's own offsets (et07-display-configuration.ts);
  refused values answer one of PIXIT control.rejectedValue and leave the field as it was.

  Background:
    Given the device has the optional feature "8.9.8"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario

  Scenario: Values in range are kept
    Then each of these control field values is kept:
      | field                      | value |
      | ET07.plcIcons              | 0     |
      | ET07.plcGoodLevel          | 90    |

  Scenario: Values out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value |
      | ET07.plcIcons              | 2     |
      | ET07.plcGoodLevel          | 101   |
      | ET07.plcFairLevel          | 100   |
