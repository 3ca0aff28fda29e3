@optical @mep @plc @clause-8.2.1 @clause-8.2 @optional @provisional-layout-ET47 @provisional-layout-BT55
Feature: 8.2.1 Manual override options
  A tier can be forced over the calendar until a time or until cancelled (ET47, calendar override
  settings). PROVISIONAL: the layout of ET47 is ours (et47-calendar-override.ts): byte 1 mode (0 off,
  1 until the end time, 2 until cancelled), byte 2 tier, bytes 3..7 end time (STIME_DATE, UTC), byte
  8 status; and BT55's tier drive 1 is our reading of "overridden".

  Background:
    Given the device has the optional feature "8.2.1"
    And a session that may write tables
    And the device declares what clause "8.2.1" needs
    And the device clock will be restored after the scenario
    And the device's calendar will be restored after the scenario
    And ET47 will be restored after the scenario
    And a calendar is written with tier 0 all day

  Scenario: an override until a time forces its tier until then, and the calendar's tier returns
    When the device clock is set shortly before "2025-06-11 12:00:00" local time
    And the client overrides the tier to 1 until the device clock's next whole minute
    Then the response code is ok
    And BT55 shows tier 1 driven by the override
    And ET47 says an override is in force
    When the client waits until that time has passed
    Then BT55 shows tier 0 driven by the calendar
    And ET47 says no override is in force

  Scenario: an override until cancelled stays until it is cancelled
    When the client overrides the tier to 1 until cancelled
    Then the response code is ok
    And BT55 shows tier 1 driven by the override
    When the client waits 1 device second
    Then BT55 shows tier 1 driven by the override
    When the client cancels the override
    Then the response code is ok
    And BT55 shows tier 0 driven by the calendar
    And ET47 says no override is in force

  Scenario: an override mode the device does not know is refused and changes nothing
    When the client writes ET47 with mode 3
    Then the response code is one of those of PIXIT item "tou.refusedCodes"
    And ET47 still holds its settings from before

  Scenario: an override ending in month 13 is refused and changes nothing
    When the client writes ET47 with an end time in month 13
    Then the response code is one of those of PIXIT item "tou.refusedCodes"
    And ET47 still holds its settings from before

  @clause-6.3
  Scenario: a pending override (ET47 is pending table 6191) takes effect on BP13
    Given the device has the optional feature "6.3"
    When the client writes a pending override to tier 1 until cancelled, waiting for BP13
    Then the response code is ok
    And BT04 shows ET47 pending
    And BT55 shows tier 0 driven by the calendar
    When the client runs BP13 for ET47
    Then the procedure result is "completed"
    And BT55 shows tier 1 driven by the override
    And BT04 shows ET47 not pending
