@optical @mep @plc @clause-8.10 @optional
Feature: 8.10 Load disconnect contactor
  The contactor connects the customer's load. ET54 shows whether it is closed, open, or open and
  armed for a local reconnect, and what opened it last; ET30 holds the maximum power and current
  and how long they may be exceeded, ET55 the contactor's options (and the prepaid credit).
  PROVISIONAL: these layouts are the suite's own; refused values answer one of PIXIT
  control.rejectedValue.

  Background:
    Given the device has the optional feature "8.10"
    And a session that may write tables

  Scenario: The contactor of a meter at rest is closed
    Then ET54 shows the contactor closed

  Scenario: Thresholds and options out of range are refused, and the fields keep their values
    Given the control table ET30 will be restored after the scenario
    And the control table ET55 will be restored after the scenario
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                 | value   |
      | ET30.durationSeconds  | 0       |
      | ET30.durationSeconds  | 3601    |
      | ET30.maxPowerW        | 1000001 |
      | ET30.maxCurrentCentiA | 20001   |
      | ET55.contactorOptions | 8       |

  Scenario: Thresholds in range are kept
    Given the control table ET30 will be restored after the scenario
    Then each of these control field values is kept:
      | field                 | value   |
      | ET30.maxPowerW        | 0       |
      | ET30.maxPowerW        | 1000000 |
      | ET30.maxCurrentCentiA | 20000   |
      | ET30.durationSeconds  | 3600    |
