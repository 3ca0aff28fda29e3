@optical @mep @plc @clause-8.8.1 @clause-8.8 @optional @provisional-layout-ET09 @provisional-layout-ET54
Feature: 8.8.1 Power quality: functional description
  The meter counts an event against ET09's thresholds: a sag (swell) as soon as the lowest (highest)
  phase voltage is below (above) its threshold, an under-(over-)voltage once it has lasted the
  qualifying time; it adds up how long each lasted. The scenarios move a threshold 10 V past the
  present voltage, so that the supply itself makes the event, and put it back to end it: the count
  and the duration are judged once it has ended, as a meter may add them up when an event ends.
  PROVISIONAL: ET09's layout is the suite's own.

  Background:
    Given the device has the optional feature "8.8"
    And a session that may write tables
    And the control table ET09 will be restored after the scenario
    And the alarms will be cleared after the scenario
    And ET09 is read

  Scenario Outline: An <event> that lasts the qualifying time is counted, with its duration
    When the client makes the present voltage an <event> qualifying after 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the "<alarm>" alarm raised and latched
    When the client writes back ET09's thresholds as they were
    Then ET09 counts one more <event>, lasting at least 1 second

    Examples:
      | event         | alarm       |
      | under-voltage | underVoltage |
      | over-voltage  | overVoltage  |

  Scenario Outline: A <event> is counted as soon as it starts
    When the client makes the present voltage a <event> qualifying after 60 seconds
    And the meter runs for 1 device second
    Then ET54 shows the "<alarm>" alarm raised and latched
    When the client writes back ET09's thresholds as they were
    Then ET09 counts one more <event>

    Examples:
      | event | alarm        |
      | sag   | voltageSag   |
      | swell | voltageSwell |
