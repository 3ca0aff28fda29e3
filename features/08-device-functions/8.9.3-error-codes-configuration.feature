@optical @mep @plc @clause-8.9.3 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67
Feature: 8.9.3 Error codes configuration
  Which error codes the display shows (bit 0 self-test, 1 power quality, 2 contactor, 3
  communication) and how (0 hidden, 1 in the scroll, 2 held on the display).
  PROVISIONAL: the fields are in ET07 at the suite's own offsets (et07-display-configuration.ts);
  refused values answer one of PIXIT control.rejectedValue and leave the field as it was.

  Background:
    Given the device has the optional feature "8.9.3"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario

  Scenario: Values in range are kept
    Then each of these control field values is kept:
      | field                      | value |
      | ET07.errorClasses          | 3     |
      | ET07.errorDisplayMode      | 2     |

  Scenario: Values out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value |
      | ET07.errorClasses          | 16    |
      | ET07.errorDisplayMode      | 3     |
