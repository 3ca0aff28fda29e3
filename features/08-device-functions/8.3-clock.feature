@optical @mep @plc @clause-8.3 @mandatory
Feature: 8.3 Clock adjustment
  The device keeps a UTC clock in BT52 (LTIME_DATE then the time/date qualifier). It runs, and a
  client can set it absolutely (8.3.1, BP10) and move it by a delta (8.3.2, a manufacturer
  procedure, EP16 on OSGP meters). Every scenario that moves the clock puts it back afterwards.

  Background:
    Given a session that may write tables
    And the device declares what clause "8.3" needs

  Scenario: BT52 holds a valid date and time
    When the client reads the device clock
    Then the clock reads a valid UTC date and time

  Scenario: The clock runs
    When the client reads the device clock
    And the client waits the PIXIT's "clock.runSeconds"
    Then the device clock has advanced by that time
