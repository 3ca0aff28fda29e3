@optical @mep @plc @clause-6.2 @mandatory
Feature: 6.2 Data types
  The device's tables decode with the types of 6.2 in BT00's time format 2 (discrete UINT8 fields):
  LTIME_DATE in BT52 and BT55, ANSI_DATE and RDATE in the calendar (BT54), STIME_DATE and PEDs in
  BT04. A field outside its type's range (month 13, minute 60, an RDATE period of 0) is a failure.

  Background:
    Given a session that may read tables

  Scenario: BT52's clock is an LTIME_DATE
    Then BT52's clock is a valid LTIME_DATE

  Scenario: BT55's local clock is an LTIME_DATE near BT52's UTC clock
    Given the device has the optional feature "8.2"
    And the device declares BT55
    Then BT55's clock is a valid LTIME_DATE within 15 hours of BT52's

  Scenario: the calendar's dates are ANSI_DATE and RDATE values its dimensions allow
    Given the device has the optional feature "8.2"
    And the device declares BT51
    And the device declares BT54
    Then BT54's dates are valid ANSI_DATE and RDATE values

  Scenario: BT04's last activation is an STIME_DATE and its records hold PEDs
    Given the device has the optional feature "6.3"
    And the device declares BT04
    Then BT04's times decode as STIME_DATE and its records as PEDs
