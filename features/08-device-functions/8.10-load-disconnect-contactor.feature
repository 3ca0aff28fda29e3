@optical @mep @plc @clause-8.10 @optional @provisional-layout-ET30 @provisional-layout-ET54 @provisional-layout-ET55
Feature: 8.10 Load disconnect contactor
  The contactor connects the customer's load. ET54 shows whether it is closed, open, or open and
  armed for a local reconnect, and what opened it last; ET30 holds the maximum power and current
  and how long they may be exceeded, ET55 the contactor's options (and the prepaid credit).
  PROVISIONAL: these layouts are the suite's own; refused values answer one of PIXIT
  control.rejectedValue. The spec gives no range for the thresholds: the device's are PIXIT
  control.limits (a value past one the field cannot hold is not written).

  Background:
    Given the device has the optional feature "8.10"
    And a session that may write tables

  Scenario: The contactor of a meter at rest is closed
    Then ET54 shows the contactor closed

  Scenario: Thresholds past the PIXIT's limits and unknown options are refused, and the fields keep their values
    Given the control table ET30 will be restored after the scenario
    And the control table ET55 will be restored after the scenario
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                 | value                                     |
      | ET30.durationSeconds  | control.limits.minDurationSeconds - 1     |
      | ET30.durationSeconds  | control.limits.maxDurationSeconds + 1     |
      | ET30.maxPowerW        | control.limits.maxPowerW + 1              |
      | ET30.maxCurrentCentiA | control.limits.maxCurrentCentiA + 1       |
      | ET55.contactorOptions | 8                                         |

  Scenario: Thresholds at the PIXIT's limits are kept
    Given the control table ET30 will be restored after the scenario
    Then each of these control field values is kept:
      | field                 | value                                 |
      | ET30.maxPowerW        | 0                                     |
      | ET30.maxPowerW        | control.limits.maxPowerW              |
      | ET30.maxCurrentCentiA | control.limits.maxCurrentCentiA       |
      | ET30.durationSeconds  | control.limits.maxDurationSeconds     |
      | ET30.durationSeconds  | control.limits.minDurationSeconds     |
