@optical @mep @plc @clause-8.3.2 @clause-8.3 @mandatory
Feature: 8.3.2 Clock adjustment by delta
  A manufacturer procedure (EP16 on OSGP meters; PIXIT clock.deltaProcedure) moves the clock by a
  signed number of seconds. Not applicable when the PICS says the device has no clock delta (PICS
  item 8.3.2); a device that has it must declare the PIXIT's procedure in BT00.

  Background:
    Given the device has the optional feature "8.3.2"
    And a session that may write tables
    And the device declares what clause "8.3.2" needs
    And the device clock will be restored after the scenario

  Scenario: A positive delta moves the clock forward
    Given the device clock is read
    When the client runs the clock-delta procedure with the PIXIT's delta
    Then the procedure result is "completed"
    And the device clock has moved by the delta

  Scenario: A negative delta moves the clock back
    Given the device clock is read
    When the client runs the clock-delta procedure with minus the PIXIT's delta
    Then the procedure result is "completed"
    And the device clock has moved by the delta
