@mep @clause-7.5 @mandatory
Feature: 7.5 Hardware lock, on the MEP port
  The lock overrides key permissions on every port: what it blocks is refused with isc even to the
  MEP advanced key (MAK), and changes nothing.

  Background:
    Given a MEP session with the advanced key

  Scenario: A table under the write lock refuses the advanced key's writes
    Given the PIXIT lists tables under the hardware write lock
    Then a write of each locked table's own content is refused with one of the PIXIT's "hardwareLock" codes
    And each locked table still holds the content read before

  Scenario: A procedure under the lock is refused to the advanced key
    Given the PIXIT lists procedures under the hardware lock
    Then invoking each locked procedure is refused with one of the PIXIT's "hardwareLock" codes
