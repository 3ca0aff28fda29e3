@optical @mep @plc @clause-8.12 @optional
Feature: 8.12 History log
  The history log (BT74, C12.19 layout) keeps the meter's events that BT73 enables, each with its
  time, a running sequence number, the user and the event code; BT70/BT71 give its dimensions and
  BT72 the events the meter can log. A clock set must leave "time changed" entries stamped with the
  old and the new time. BT73 and the clock are put back after each scenario.

  Background:
    Given the device has the optional feature "8.12"
    And a session that may write tables
    And BT73 is saved and will be restored after the scenario
    And the device clock will be restored after the scenario

  Scenario: The dimension tables and BT74's header agree
    Then BT70, BT71 and BT74's header agree

  Scenario: A clock change is logged with the old and the new time
    Given the history log records time changes
    And BT74's header is read
    And the device clock is read for the time change's old time
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    Then BT74 holds the time change, stamped with the old and the new time

  Scenario: Entry sequence numbers run on across clock changes
    Given the history log records time changes
    And BT74's header is read
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    And the client sets the device clock with BP10 to "2025-01-15 13:00:00"
    Then BT74's new entries are numbered on from before, one by one

  Scenario: An event BT73 does not enable is not logged
    Given the history log does not record time changes
    And BT74's header is read
    When the client sets the device clock with BP10 to "2025-01-15 12:00:00"
    Then BT74 holds no new time-change entry

  Scenario: Enabling an event that BT72 does not list is refused
    When the client enables in BT73 an event that BT72 does not list
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And BT73 reads back as saved before the refused write
