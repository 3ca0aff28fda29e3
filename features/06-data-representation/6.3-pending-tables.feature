@optical @mep @plc @clause-6.3 @optional
Feature: 6.3 Pending tables
  A write to table 4096 + n headed by a 6-byte PED is kept as the next content of table n: the
  count includes the PED, the checksum covers PED and data, offsets are not shifted by it. It takes
  effect at the PED's UTC time (event code 0), after its delay (code 1), or by BP12/BP13 only
  (code 2); BP14 and BP15 drop it. BT04 shows what is pending. The suite writes the PIXIT's pending
  table (pending.table) with its own content, so that no activation changes the device.

  Background:
    Given the device has the optional feature "6.3"
    And a session that may write tables
    And the device declares what clause "6.3" needs
    And the PIXIT's pending table is declared and will be left as it was

  Scenario: BT00 says how many pending tables the device holds, and BT04 has a record for each
    Then BT04 has as many records as BT00's number of pending tables, at least one

  Scenario: a pending write with a PED of code 2 waits, and reads back with its PED
    When the client writes the pending table's own content with a PED of code 2
    Then the response code is ok
    And BT04 shows the pending table pending
    And BT04's record for the pending table holds the PED written
    And a read of the pending table returns the PED written followed by the table's content
    And a read of 10 bytes of the pending table from offset 4 returns the PED and the table's bytes from that offset

  Scenario: a partial pending write lays its bytes at the offset given, not shifted by the PED
    When the client writes 2 bytes of the pending table's own content at offset 4 with a PED of code 2
    Then the response code is ok
    And BT04 shows the pending table pending
    And a read of 8 bytes of the pending table from offset 4 returns the PED and the table's bytes from that offset

  @clause-6.2
  Scenario: a PED of code 0 reads back from BT04 with the STIME_DATE written
    When the client writes the pending table's own content to take effect at "2030-01-01 00:00" UTC
    Then the response code is ok
    And BT04 shows the pending table pending
    And BT04's record for the pending table holds the PED written

  Scenario: BP13 activates the pending table at once
    When the client writes the pending table's own content with a PED of code 2
    And the client runs BP13 for the pending table
    Then the procedure result is "completed"
    And BT04 shows the pending table not pending

  Scenario: BP12 activates every pending table
    When the client writes the pending table's own content with a PED of code 2
    And the client runs BP12 without parameters
    Then the procedure result is "completed"
    And BT04 shows the pending table not pending

  Scenario: BP15 drops the pending table without activating it
    When the client writes the pending table's own content with a PED of code 2
    And the client runs BP15 for the pending table
    Then the procedure result is "completed"
    And BT04 shows the pending table not pending
    And BT04's last activation is as before

  Scenario: BP14 drops every pending table without activating it
    When the client writes the pending table's own content with a PED of code 2
    And the client runs BP14 without parameters
    Then the procedure result is "completed"
    And BT04 shows the pending table not pending
    And BT04's last activation is as before

  Scenario: a PED of code 1 takes effect after its delay, to the second
    When the client writes the pending table's own content to take effect after a delay the link leaves time to observe
    Then the response code is ok
    And BT04 shows the pending table pending before its delay is out
    When the client waits out the delay and 1 device second more
    Then BT04 shows the pending table not pending

  Scenario: a PED of code 0 takes effect at its UTC time
    Given the device clock will be restored after the scenario
    When the client sets the device clock with BP10 to "2025-06-11 11:59:40"
    And the client writes the pending table's own content to take effect at "2025-06-11 12:00" UTC
    Then the response code is ok
    And BT04 shows the pending table pending
    When the client waits 23 device seconds
    Then BT04 shows the pending table not pending
    And BT04's last activation is "2025-06-11 12:00" UTC

  Scenario: a PED asking for a self-read and a demand reset keeps its flags (dropped, so that no demand reset happens)
    When the client writes the pending table's own content with a PED of code 2 asking for a self-read and a demand reset
    Then the response code is ok
    And BT04's record for the pending table holds the PED written
    When the client runs BP15 for the pending table
    Then the procedure result is "completed"
    And BT04 shows the pending table not pending

  Scenario Outline: an impossible PED is refused and nothing becomes pending
    When the client writes the pending table's own content with "<ped>"
    Then the response code is one of those of PIXIT item "pending.refusedCodes"
    And BT04 shows the pending table not pending

    Examples:
      | ped               |
      | a PED in month 13 |
      | the empty PED     |
      | event code 3      |

  Scenario: a pending write shorter than a PED is refused
    When the client writes 4 bytes to the pending table
    Then the response code is one of those of PIXIT item "pending.refusedCodes"
    And BT04 shows the pending table not pending

  Scenario: BP13 and BP15 naming a table with nothing pending change nothing
    When the client runs BP13 for the pending table
    Then the procedure result is one of those of PIXIT item "pending.notPendingResults"
    And BT04's last activation is as before
    When the client runs BP15 for the pending table
    Then the procedure result is one of those of PIXIT item "pending.notPendingResults"
    And BT04 shows the pending table not pending

  Scenario: BP13 naming a table that cannot be pending changes nothing
    When the client runs BP13 for BT01
    Then the procedure result is one of those of PIXIT item "pending.notPendingResults"
    And BT04's last activation is as before

  Scenario: a PED whose UTC time has passed activates at once
    Given the device lacks the optional feature "6.3/past-time-refused"
    When the client writes the pending table's own content to take effect at "2020-01-01 00:00" UTC
    Then the response code is ok
    And BT04 shows the pending table not pending

  Scenario: a PED whose UTC time has passed is refused
    Given the device has the optional feature "6.3/past-time-refused"
    When the client writes the pending table's own content to take effect at "2020-01-01 00:00" UTC
    Then the response code is one of those of PIXIT item "pending.refusedCodes"
    And BT04 shows the pending table not pending
