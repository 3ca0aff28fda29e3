@optical @mep @plc @clause-8.8 @optional @provisional-layout-ET09
Feature: 8.8 Power quality
  ET09 holds the power-quality thresholds the host writes (sag, swell, under- and over-voltage in
  0.1 V, the time an under- or over-voltage must last to count), the events the meter counted
  against them and their durations, and the present values (phase voltages and currents, power,
  frequency, power factor). PROVISIONAL: ET09's layout is the suite's own; refused values answer
  one of PIXIT control.rejectedValue.

  Background:
    Given the device has the optional feature "8.8"
    And a session that may write tables
    And the control table ET09 will be restored after the scenario

  Scenario: ET09's present values are those of a live supply
    Then ET09's present values are plausible

  Scenario: Thresholds in range are kept
    Then each of these control field values is kept:
      | field                  | value |
      | ET09.qualifyingSeconds | 5     |
      | ET09.swellDv           | 2600  |
      | ET09.sagDv             | 1900  |

  Scenario: Thresholds out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                  | value |
      | ET09.qualifyingSeconds | 0     |
      | ET09.qualifyingSeconds | 3601  |
      | ET09.overDv            | 0     |

  Scenario: Thresholds out of order are refused: a sag above the swell, an under- above the over-voltage
    Given ET09 is read
    When the client writes a sag threshold above the swell threshold
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And ET09's thresholds are as they were
    When the client writes an under-voltage threshold above the over-voltage threshold
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And ET09's thresholds are as they were

  Scenario: The counts and present values are the meter's: a write changing them is refused
    When the client writes 7 to the control field "ET09.underCount"
    Then the control write is refused with one of the PIXIT's "vci.refusedCodes" codes
