@optical @mep @plc @clause-9.5 @mandatory
Feature: 9.5 Partial table read
  A partial read (request 0x3F, table id, offset UINT24, count UINT16) returns count bytes from
  the offset. Bytes beyond the end of the table read as zeros (9.0).

  Background:
    Given a session that may read tables

  @clause-9.5.1 @clause-9.5.2
  Scenario Outline: A partial read returns the same bytes as the same slice of a full read
    When the client reads BT01 in full
    And the client reads <count> bytes of BT01 from offset <offset>
    Then the response code is ok
    And the data equals bytes <offset> to <offset> + <count> of the full read

    Examples:
      | offset | count |
      | 0      | 1     |
      | 4      | 8     |
      | 12     | 4     |
      | 16     | 8     |

  Scenario: A partial read of the last byte returns that byte
    When the client reads BT01 in full
    And the client reads the last byte of BT01
    Then the response code is ok
    And the data equals the last byte of the full read

  Scenario: A partial read that runs past the end of the table is padded with zeros
    When the client reads BT01 in full
    And the client reads 10 bytes of BT01 starting 4 bytes before its end
    Then the response code is ok
    And the data is the last 4 bytes of the full read followed by 6 zero bytes

  Scenario: A read larger than one response is split into several partial reads
    When the client reads BT00 in full
    And the client reads 3 responses' worth of BT00 from offset 0
    Then every partial read was answered ok
    And the joined data starts with the full read and continues with zeros

  @clause-9.9
  Scenario: A partial read of a table the device does not have is refused without data
    When the client reads 4 bytes from offset 0 of a table that BT00 does not declare
    Then the response code is one of the PIXIT's "unknownTable" codes
    And the response carries no data
