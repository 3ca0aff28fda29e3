@optical @mep @plc @clause-8.11.2 @clause-8.11 @optional @provisional-layout-ET05 @provisional-layout-ET46 @provisional-layout-ET61
Feature: 8.11.2 Time-based control relay calendar
  ET61 lists switch times (relay, hour, minute UTC, on or off, days of the week); a relay in calendar
  mode (ET05) switches at them, after its random delay. An entry naming a relay the meter does not
  have or a time that does not exist is refused. PROVISIONAL: the layouts are the suite's own.

  Background:
    Given the device has the optional feature "8.11"
    And a session that may write tables
    And the control relays will be put back as they were after the scenario
    And relay 1 is off

  Scenario: A relay in calendar mode switches at the calendar's time
    Given the device clock will be restored after the scenario
    And the control field "ET05.relay1.mode" is set to 1
    And the control field "ET05.relay1.windowSeconds" is set to 0
    When the client chooses the whole minute after the next
    And the client writes calendar entry 1 switching relay 1 on at that minute, every day
    Then the response code is ok
    When the device clock is set 1 second before that minute
    And the meter runs for 2 device seconds
    Then ET46 shows relay 1 switched on at that minute

  Scenario: Calendar entries the meter cannot keep are refused, and the calendar stays as it was
    Then each of these calendar entries is refused with one of the PIXIT's "control.rejectedValue" codes:
      | entry          | because                |
      | 01 18 00 01 7f | hour 24                |
      | 01 00 3c 01 7f | minute 60              |
      | 01 00 00 02 7f | action 2               |
      | 01 00 00 01 80 | a reserved day bit     |
      | 63 00 00 01 7f | relay 99               |
