@optical @mep @plc @clause-8.5.2.1 @clause-8.5.2 @clause-8.5 @mandatory @provisional-layout-ET57
Feature: 8.5.2.1 M-Bus data types and ET57
  The M-Bus channels of the load profile (data set 2, BT65) are parsed with the data types ET57
  gives them: an EN 13757-3 DIF (the value's coding and width) and VIF (its quantity and unit) per
  channel. ET57's layout is NES's and not public; the suite reads it as its PROVISIONAL codec
  describes. Not applicable to a meter without M-Bus (PICS item 8.18); a meter with it must declare
  ET57 and BT65.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may read tables
    And the device declares what clause "8.5.2.1" needs

  Scenario: Each channel's data type is the format the load profile records it in
    Then ET57 describes each M-Bus channel of data set 2 in the format BT62 records it

  Scenario: ET57's poll rate is the interval length of the M-Bus data set
    Then ET57's poll rate is data set 2's interval length in BT61
