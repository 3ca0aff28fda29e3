@optical @mep @plc @clause-8.2.0 @clause-8.2 @optional
Feature: 8.2.0 Time-of-use calendar: its tables
  The calendar is described by BT50 (what the device can hold) and BT51 (what it holds), kept in
  BT54 (C12.19 layout, sized by BT51) with the local-time offset of BT53, and reported in BT55
  (local clock, current tier, special schedule, season).

  Background:
    Given the device has the optional feature "8.2"
    And a session that may read tables
    And the device declares what clause "8.2.0" needs

  Scenario: BT51 does not exceed BT50
    Then BT51 does not exceed BT50

  Scenario: BT54 has the size and layout BT51 gives, with dates and actions BT51 allows
    Then BT54 is as long as BT51 says and decodes with its dimensions
    And every date and action of BT54 is one BT51 allows

  Scenario: BT55 decodes, with a season and special schedule BT51 allows
    Then BT54 is as long as BT51 says and decodes with its dimensions
    And BT55's season and special schedule are ones BT51 allows
