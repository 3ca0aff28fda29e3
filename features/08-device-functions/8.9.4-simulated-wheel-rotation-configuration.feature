@optical @mep @plc @clause-8.9.4 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67
Feature: 8.9.4 Simulated wheel rotation configuration
  The simulated rotating disc: off, import only, or import and export (0..2), and the energy of
  one revolution (1..10000 Wh).
  PROVISIONAL: the fields are in ET07 at the suite's own offsets (et07-display-configuration.ts);
  refused values answer one of PIXIT control.rejectedValue and leave the field as it was.

  Background:
    Given the device has the optional feature "8.9.4"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario

  Scenario: Values in range are kept
    Then each of these control field values is kept:
      | field                      | value |
      | ET07.wheelMode             | 2     |
      | ET07.wheelWhPerRevolution  | 500   |

  Scenario: Values out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value |
      | ET07.wheelMode             | 3     |
      | ET07.wheelWhPerRevolution  | 0     |
      | ET07.wheelWhPerRevolution  | 10001 |
