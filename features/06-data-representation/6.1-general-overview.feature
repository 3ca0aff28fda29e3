@optical @mep @plc @clause-6.1 @mandatory
Feature: 6.1 General overview of device data representation
  Table data is in the byte order BT00 declares, and on OSGP meters that is least significant byte
  first (the header fields of the table services are not table data and are MSB first, 9.3-9.6).
  Multi-byte fields of the device's own tables, read LSB first, must give the values they stand for.

  Background:
    Given a session that may write tables

  Scenario: BT08 holds the number of the procedure just run least significant byte first
    Given the device clock will be restored after the scenario
    When the client runs BP10 setting the device clock to its own time
    Then the procedure result is "completed"
    And BT08 gives the number of the procedure just run least significant byte first

  Scenario: BT51's calendar size, a UINT16, read least significant byte first is BT54's length
    Given the device has the optional feature "8.2"
    And the device declares BT51
    And the device declares BT54
    Then BT51's calendar size, read least significant byte first, is the length of BT54
