@optical @mep @plc @clause-8.12.1.1 @clause-8.12.1 @clause-8.12 @optional
Feature: 8.12.1.1 Critical event categories
  Events fall into categories (power, clock, access, configuration, billing, log management,
  operating mode, device failure, manufacturer: PROVISIONAL, the clause's list is not in our
  sources), and a whole category can be marked critical (ET72's category mask). Marking the clock
  category makes both entries of a clock set critical.

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
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    Then the critical-event flag is raised
    And ET73 counts 2 unread critical events, the last of them event 4

  Scenario: A category bit that names no category is refused
    When the client writes ET72 with a category bit that names no category
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET72 reads back as saved before the refused write
