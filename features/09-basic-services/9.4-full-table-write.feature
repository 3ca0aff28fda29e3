@optical @mep @plc @clause-9.4 @mandatory
Feature: 9.4 Full table write service
  A full write (request 0x40, table id, count, data and the data checksum) replaces the table.
  Clause 9.0: a count larger than the table is accepted and the surplus ignored; a smaller count
  writes only those bytes. The suite writes only the PIXIT's scratch table, and puts back its
  content after each scenario.

  Background:
    Given a session that may write tables
    And the scratch table is a whole table whose content is saved and will be restored

  @clause-9.4.1 @clause-9.4.2
  Scenario: A full write replaces the table, and a read gives back what was written
    When the client writes the scratch table in full with a test pattern
    Then the response code is ok
    And the response carries no data
    And the scratch table holds what was written

  Scenario: A full write shorter than the table changes only the bytes it carries
    When the client writes the first 4 bytes of the scratch table with a full write
    Then the response code is ok
    And the scratch table holds what was written followed by the rest of its saved content

  Scenario: A full write longer than the table is accepted and the surplus ignored
    When the client writes the scratch table in full with 8 bytes more than it holds
    Then the response code is ok
    And the scratch table holds the first bytes of what was written

  @clause-9.9
  Scenario: A full write with a wrong data checksum is refused and changes nothing
    Given the link carries the C12.18 data checksum
    When the client writes the scratch table in full with a wrong data checksum
    Then the response code is one of the PIXIT's "badChecksum" codes
    And the scratch table still holds its saved content

  @clause-7.0
  Scenario: The reader key may not write
    Given a session logged on with the reader key
    When the client writes the scratch table in full with a test pattern
    Then the response code is one of the PIXIT's "insufficientKey" codes
    And the scratch table still holds its saved content
