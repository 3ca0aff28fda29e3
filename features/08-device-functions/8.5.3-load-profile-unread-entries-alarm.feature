@optical @mep @plc @clause-8.5.3 @clause-8.5 @mandatory @provisional-layout-ET21 @provisional-layout-ET73
Feature: 8.5.3 Load profile unread entries alarm
  BT63 counts data set 1's unread blocks. When the count reaches the threshold in ET21, the alarm
  flag the PIXIT names (records.unreadAlarmFlag; ET73 bit 0 on the reference meter, PROVISIONAL) is
  raised; BP05 (update last read entry, list 3) lowers the count and with it the alarm. The
  scenario marks read only the blocks it caused, so the count ends where it began (unless it had to
  make room first, which it reports).

  Background:
    Given a session that may write tables
    And the device declares what clause "8.5.3" needs
    And ET21 is saved and will be restored after the scenario

  Scenario: The alarm rises when the unread count reaches the threshold and falls when the blocks are read
    Given the device clock will be restored after the scenario
    And data set 1 has room for two more unread blocks
    When the client sets the unread alarm threshold one above BT63's unread count
    Then the device accepts the write
    And the load-profile unread-entries alarm is off
    When the client sets the device clock shortly before the load-profile interval that ends at "2025-01-15 20:00:00"
    And the client waits until that interval has closed
    Then BT63 counts more unread blocks than before
    And the load-profile unread-entries alarm is raised
    When the client marks the blocks added since read with BP05
    Then BT63's unread count is back to what it was
    And the load-profile unread-entries alarm is off

  Scenario: A threshold above the number of blocks is refused
    When the client writes an unread alarm threshold above data set 1's number of blocks
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET21 reads back as saved before the refused write
