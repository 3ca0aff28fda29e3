@optical @mep @plc @clause-8.9.6 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67
Feature: 8.9.6 CT and VT ratios
  The current and voltage transformer ratios the displayed values are scaled by (1..10000); a
  ratio of 0 would show nothing meaningful.
  PROVISIONAL: the fields are in ET07 at the suite's own offsets (et07-display-configuration.ts);
  refused values answer one of PIXIT control.rejectedValue and leave the field as it was.

  Background:
    Given the device has the optional feature "8.9.6"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario

  Scenario: Values in range are kept
    Then each of these control field values is kept:
      | field                      | value |
      | ET07.ctRatio               | 200   |
      | ET07.vtRatio               | 100   |

  Scenario: Values out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value |
      | ET07.ctRatio               | 0     |
      | ET07.vtRatio               | 0     |
      | ET07.ctRatio               | 10001 |
