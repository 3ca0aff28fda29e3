@optical @mep @plc @clause-7.5 @optional
Feature: 7.5 Hardware lock
  A lock set at production, per country, blocks reading or writing some tables and running some
  procedures whatever the key. Access it blocks is answered isc (insufficient security clearance),
  even with the highest key of the link (MK on the optical port, MAK on MEP, the OMAK on PLC), and
  changes nothing. Whether the device has a lock, and whether it blocks reads, writes or procedures,
  is the PICS's (7.5, 7.5/read-lock, ...); the PIXIT lists what it blocks.

  Background:
    Given the device has the optional feature "7.5"
    And a session logged on with the master key

  Scenario: A table under the write lock refuses writes, even of its own content
    Given the device has the optional feature "7.5/write-lock"
    And the PIXIT lists tables under the hardware write lock
    Then a write of each locked table's own content is refused with one of the PIXIT's "hardwareLock" codes
    And each locked table still holds the content read before

  Scenario: A table under the read lock refuses reads
    Given the device has the optional feature "7.5/read-lock"
    And the PIXIT lists tables under the hardware read lock
    Then a full read of each read-locked table is refused with one of the PIXIT's "hardwareLock" codes

  Scenario: A procedure under the lock is refused when BT07 is written
    Given the device has the optional feature "7.5/procedure-lock"
    And the PIXIT lists procedures under the hardware lock
    Then invoking each locked procedure is refused with one of the PIXIT's "hardwareLock" codes

  Scenario: The lock does not block the tables it does not list
    Given the scratch area's content is saved and will be restored
    When the client writes 3 bytes of a test pattern at offset 0 of the scratch area
    Then the response code is ok, not a refusal for clearance or a lock
