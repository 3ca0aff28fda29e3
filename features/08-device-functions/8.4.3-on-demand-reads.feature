@optical @mep @plc @clause-8.4.3 @clause-8.4 @mandatory
Feature: 8.4.3 On-demand reads of current billing register values
  A read of BT23 returns the registers as they are at that moment: they grow with the energy the
  load draws (BT28's present power), in the total block and in the tiers (8.4), and agree with a
  self-read taken at the same moment.

  Background:
    Given a session that may write tables
    And the device declares what clause "8.4.3" needs

  Scenario: A read of BT23 returns the present totals, growing with the load BT28 shows, in the total and the tiers
    Given the device clock will be restored after the scenario
    And the device clock is at the PIXIT's load time
    When the client reads BT23 block by block
    And the registers have grown by the PIXIT's growth
    Then BT23's active energy grew as the power BT28 showed allows
    And in BT23 the tiers add up to the total for every summation
    And in BT23 the tiers grew by what the total grew

  Scenario: BT23 agrees with a self-read taken at the same moment
    When the client reads BT26's list header
    And the client reads BT23 block by block
    And the client runs BP09 to take a self-read
    Then the procedure result is "completed"
    And BT26 has one more entry, stamped with the device's time, holding the registers of that moment
