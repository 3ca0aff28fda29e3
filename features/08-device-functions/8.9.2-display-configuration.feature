@optical @mep @plc @clause-8.9.2 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67
Feature: 8.9.2 Display configuration
  How the display scrolls: the seconds each item stays (1..60) and its options (bit 0 auto-scroll,
  bit 1 units, bit 2 leading zeros).
  PROVISIONAL: the fields are in ET07 at the suite's own offsets (et07-display-configuration.ts);
  refused values answer one of PIXIT control.rejectedValue and leave the field as it was.

  Background:
    Given the device has the optional feature "8.9.2"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario

  Scenario: Values in range are kept
    Then each of these control field values is kept:
      | field                      | value |
      | ET07.scrollSeconds         | 30    |
      | ET07.displayOptions        | 5     |

  Scenario: Values out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value |
      | ET07.scrollSeconds         | 0     |
      | ET07.scrollSeconds         | 61    |
      | ET07.displayOptions        | 8     |
