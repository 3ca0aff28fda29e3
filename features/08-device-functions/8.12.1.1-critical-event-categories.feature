@optical @mep @plc @clause-8.12.1.1 @clause-8.12.1 @clause-8.12 @optional @provisional-layout-ET72 @provisional-layout-ET73
Feature: 8.12.1.1 Critical event categories
  Events fall into categories (power, clock, access, configuration, billing, log management,
  operating mode, device failure, manufacturer: PROVISIONAL, the clause's list is not in our
  sources), and a whole category can be marked critical (ET72's category mask). Marking the clock
  category makes every entry of a clock set critical (two of events 3-6, as 8.12 allows).

  Background:
    Given the device has the optional feature "8.12.1"
    And a session that may write tables
    And the device declares what clause "8.12.1.1" needs
    And BT73 is saved and will be restored after the scenario
    And ET72 is saved and will be restored after the scenario
    And the device clock will be restored after the scenario
    And the history log records time changes

  Scenario: Marking the clock category critical makes a clock change critical
    Given ET72 marks as critical only the clock category
    And the history log's unread entries are marked read
    And the critical-event flag is off
    And BT74's header is read
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    And the client reads the entries BT74 logged since, and which of them ET72 marks critical
    Then the critical-event flag is raised
    And ET73 counts those critical entries as unread, the last of them last

  Scenario: A category bit that names no category is refused
    When the client writes ET72 with a category bit that names no category
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET72 reads back as saved before the refused write
