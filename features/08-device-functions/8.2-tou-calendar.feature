@optical @mep @plc @clause-8.2 @optional
Feature: 8.2 Time-of-use calendar
  The calendar (BT54) picks the tier energy is registered in: the season of the date, the day's
  schedule (weekday, weekend or a special day) and its tier switches, in local time (BT52's UTC plus
  BT53's offset). The scenarios write calendars of their own, sized by BT51, move the clock to just
  before a boundary of them (PIXIT tou.leadSeconds) and read BT55 on both sides; a BT55 whose own
  clock is already past the boundary leaves the side before it inconclusive. The device's calendar
  and clock are put back afterwards.

  Background:
    Given the device has the optional feature "8.2"
    And a session that may write tables
    And the device declares what clause "8.2" needs
    And the device clock will be restored after the scenario
    And the device's calendar will be restored after the scenario

  Scenario: the tier switches at the time of day the calendar gives, to the second
    Given a calendar is written that switches from tier 0 to tier 1 at "12:00"
    When the device clock is set shortly before "2025-06-11 12:00:00" local time
    Then BT55 shows tier 0
    When the client waits until that time has passed
    Then BT55 shows tier 1

  Scenario: the season changes at midnight of the date the calendar gives
    Given a calendar is written with tier 0 in season 0 and tier 1 in season 1, which starts on "06-12"
    When the device clock is set shortly before "2025-06-12 00:00:00" local time
    Then BT55 shows season 0
    And BT55 shows tier 0
    When the client waits until that time has passed
    Then BT55 shows season 1
    And BT55 shows tier 1

  Scenario: a special day runs the special schedule, and the day after does not
    Given a calendar is written with tier 0 on ordinary days and tier 1 on the special day "06-12"
    When the device clock is set to "2025-06-12 10:00:00" local time
    Then BT55 shows special schedule 0 in force
    And BT55 shows tier 1
    When the device clock is set to "2025-06-13 10:00:00" local time
    Then BT55 shows no special schedule in force
    And BT55 shows tier 0

  Scenario: energy is registered in the tier in force and in no other
    Given a calendar is written with tier 1 all day
    And the device clock is set to "2025-06-11 19:00:00" local time
    And BT23's tier registers are read
    When the client waits 3 device seconds
    Then of BT23's tier registers only tier 1's have grown

  Scenario Outline: a calendar the device cannot run is refused, and BT54 keeps the calendar it had
    Given a calendar is written with tier 0 all day
    When the client writes a calendar with "<flaw>"
    Then the response code is one of those of PIXIT item "tou.refusedCodes"
    And BT54 still holds the calendar written before

    Examples:
      | flaw                             |
      | a periodic date with period 0    |
      | a tier switch at 25:00           |
      | a non-recurring date in month 13 |
      | a season BT51 does not have      |

  Scenario: a full write longer than BT54 takes the calendar and ignores the surplus (9.0)
    When the client writes a calendar with tier 1 all day and 3 bytes more than BT54 holds
    Then the response code is ok
    And BT54 holds the calendar written

  @clause-6.3
  Scenario: a pending calendar with a relative PED takes over after its delay
    Given the device has the optional feature "6.3"
    And a calendar is written with tier 0 all day
    When the client writes a pending calendar with tier 1 all day, taking effect after a delay the link leaves time to observe
    Then the response code is ok
    And BT04 shows BT54 pending before its delay is out
    And BT55 shows tier 0
    When the client waits out the delay and 1 device second more
    Then BT55 shows tier 1
    And BT04 shows BT54 not pending
