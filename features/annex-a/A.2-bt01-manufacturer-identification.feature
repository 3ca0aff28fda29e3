@optical @mep @plc @clause-A.2 @mandatory
Feature: A.2 Basic Table 01 (BT01): General Manufacturer Identification
  BT01 names the manufacturer (4 characters), the model (8), the hardware and firmware versions and
  revisions, and the manufacturer's serial number, in BCD or characters as BT00 says.

  Background:
    Given a session that may read tables

  Scenario: BT01 decodes in the identification format BT00 declares
    When the client reads BT01 in full
    Then the response code is ok
    And the data decodes as BT01 in the format BT00 declares
    And the data is as long as that format gives

  Scenario: BT01 is the same on every read
    When the client reads BT01 in full
    Then a second full read of BT01 returns the same bytes

  Scenario: BT01 can be read without a password
    Given the link has logon and security services
    And a session logged on without a password
    When the client reads BT01 in full
    Then the response code is ok, not a refusal for clearance or a lock
