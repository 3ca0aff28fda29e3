@optical @mep @plc @clause-6.1 @mandatory
Feature: 6.1 General overview of device data representation
  Table data is in the byte order BT00 declares (FORMAT_CONTROL_1 bit 0); the header fields of the table
  services are not table data and are MSB first whatever BT00 says (9.3-9.6). Multi-byte fields of the
  device's own tables, read in the declared order, must give the values they stand for. That OSGP fixes
  the declared order as LSB first is judged once, where BT00's formats are (A.1, "BT00 declares the
  formats OSGP tables use"), so that a meter declaring MSB first fails that rule and no other.

  Background:
    Given a session that may write tables

  Scenario: BT08 holds the number of the procedure just run in the data order BT00 declares
    Given the device clock will be restored after the scenario
    When the client runs BP10 setting the device clock to its own time
    Then the procedure result is "completed"
    And BT08 gives the number of the procedure just run in the data order BT00 declares

  Scenario: BT51's calendar size, a UINT16 read in the data order BT00 declares, is BT54's length
    Given the device has the optional feature "8.2"
    And the device declares BT51
    And the device declares BT54
    Then BT51's calendar size, read in the data order BT00 declares, is the length of BT54
