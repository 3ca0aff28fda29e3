@optical @mep @plc @clause-9.6 @mandatory
Feature: 9.6 Partial table write
  A partial write (request 0x4F, table id, offset, count, data and checksum) changes exactly the
  bytes from the offset; the surplus of a write past the end of the table is ignored (9.0). The
  suite writes only the PIXIT's scratch area and restores it after each scenario.

  Background:
    Given a session that may write tables
    And the scratch area's content is saved and will be restored

  @clause-9.6.1 @clause-9.6.2
  Scenario: A partial write changes exactly the bytes at its offset
    When the client writes 3 bytes of a test pattern at offset 2 of the scratch area
    Then the response code is ok
    And the response carries no data
    And the scratch area holds its saved content with the written bytes at offset 2

  Scenario: A partial write of one byte at the end of the scratch area
    When the client writes 1 byte of a test pattern at the last offset of the scratch area
    Then the response code is ok
    And the scratch area holds its saved content with the written bytes at its last offset

  Scenario: A partial write that runs past the end of the table is accepted and the surplus ignored
    When the client writes 6 bytes of a test pattern starting 2 bytes before the end of the scratch table
    Then the response code is ok
    And the scratch table ends with the first 2 bytes written

  @clause-9.9
  Scenario: A partial write with a wrong data checksum is refused and changes nothing
    Given the link carries the C12.18 data checksum
    When the client writes 3 bytes at offset 0 of the scratch area with a wrong data checksum
    Then the response code is one of the PIXIT's "badChecksum" codes
    And the scratch area still holds its saved content
