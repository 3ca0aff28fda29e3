@optical @mep @plc @clause-8.12.1.2 @clause-8.12.1 @clause-8.12 @optional @provisional-layout-ET72 @provisional-layout-ET73
Feature: 8.12.1.2 Critical event bitmasks
  A bitmask says which logged events are critical (ET72 on the reference meter, bit n of byte
  n div 8 = event n; PROVISIONAL: no source gives the table). A critical event raises the flag the
  PIXIT names (records.criticalFlag) until the head end has read the history log (BP05 with the
  history log's list, PIXIT records.historyList); events the bitmask does not mark leave it down.

  Background:
    Given the device has the optional feature "8.12.1"
    And a session that may write tables
    And the device declares what clause "8.12.1.2" needs
    And BT73 is saved and will be restored after the scenario
    And ET72 is saved and will be restored after the scenario
    And the device clock will be restored after the scenario
    And the history log records time changes

  Scenario: An event the bitmask marks critical raises the critical-event flag
    Given ET72 marks as critical only the time-change events
    And the history log's unread entries are marked read
    And the critical-event flag is off
    And BT74's header is read
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    And the client reads the entries BT74 logged since, and which of them ET72 marks critical
    Then the critical-event flag is raised

  Scenario: Events the bitmask does not mark leave the flag down
    Given ET72 marks no event critical
    And the history log's unread entries are marked read
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    Then the critical-event flag is off

  @clause-8.12.1.2.1
  Scenario: Example bitmask: only event 4 (time changed, new time) is critical
    Given BT72 lists event 4
    And ET72 marks as critical only event 4
    Then ET72 reads back as two zero category bytes, then event byte 0 with only bit 4 set, then zeros
    Given the history log's unread entries are marked read
    And BT74's header is read
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    And the client reads the entries BT74 logged since, and which of them ET72 marks critical
    Then the critical-event flag is raised
    And ET73 counts those critical entries as unread, the last of them last

  Scenario: A bitmask marking an event that BT72 does not list is refused
    When the client writes ET72 marking as critical an event BT72 does not list
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET72 reads back as saved before the refused write
