@optical @mep @plc @clause-9.3 @mandatory
Feature: 9.3 Full table read service
  A full read (request 0x30 with the table id) is answered with ok, the table's length, all of its
  data and, on the optical port, a data checksum that makes the data bytes sum to zero.

  Background:
    Given a session that may read tables

  @clause-9.3.1 @clause-9.3.2
  Scenario: A full read of BT00 returns exactly the length its own dimensions give
    When the client reads BT00 in full
    Then the response code is ok
    And the read response decodes with a correct data checksum
    And the data is as long as BT00's own dimensions give

  @clause-9.3.2
  Scenario: A full read returns the same bytes as a partial read of the whole table
    When the client reads BT01 in full
    Then the response code is ok
    And the data equals a partial read of BT01 from offset 0 to its end

  @clause-9.9
  Scenario: A full read of a table the device does not have is refused without data
    When the client reads in full a table that BT00 does not declare
    Then the response code is one of the PIXIT's "unknownTable" codes
    And the response carries no data

  @clause-7.0
  Scenario: The reader key may not read the tables that hold keys or calibration
    Given a session logged on with the reader key
    And the PIXIT names a table the reader key may not read
    When the client reads that table in full
    Then the response code is one of the PIXIT's "insufficientKey" codes
    And the response carries no data

  @clause-7.0
  Scenario: The open tables can be read without a password
    Given the link has logon and security services
    And a session logged on without a password
    Then each of the PIXIT's open tables can be read in full
