@optical @mep @plc @clause-8.4.1 @clause-8.4 @mandatory
Feature: 8.4.1 Self-reads
  A self-read copies the billing registers into the BT26 list (C12.19 list header, entries with a
  sequence number and a time stamp): on a schedule (daily at midnight of the meter's clock by
  default, PIXIT billing.selfReadTime) and on demand (BP09 with the self-read flag).

  Background:
    Given a session that may write tables
    And the device declares what clause "8.4.1" needs

  Scenario: BT26's list header is within BT21's dimension, and its entries are numbered in order
    Then BT26's list header is within BT21's number of self-reads
    And BT26's valid entries are numbered down from its last sequence number

  Scenario: A self-read on demand adds an entry holding the registers of that moment
    When the client reads BT26's list header
    And the client reads BT23 block by block
    And the client runs BP09 to take a self-read
    Then the procedure result is "completed"
    And BT26 has one more entry, stamped with the device's time, holding the registers of that moment

  Scenario: The daily self-read is taken at the PIXIT's self-read time
    Given BT21 says the device takes a daily self-read at the PIXIT's self-read time
    And the device clock will be restored after the scenario
    And the device clock is set a little before the next daily self-read
    When the client reads BT26's list header
    And the client reads BT23 block by block
    And the self-read time has passed
    Then BT26 has one more entry, stamped with the self-read time, holding the registers of that moment
