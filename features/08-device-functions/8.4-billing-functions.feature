@optical @mep @plc @clause-8.4 @mandatory
Feature: 8.4 Billing functions
  BT20 and BT21 dimension the billing registers (C12.19 layout), BT22 names the source of each,
  BT23 holds them: a total block, then one block per tier. The device's own BT21 lays out every
  billing table; the suite takes every size and offset from it. BP09 (C12.19 remote reset) copies
  the registers into BT25 at a demand reset and into BT24 at a season change: tables of a device
  with demands and seasons, so their scenarios are inconclusive where BT00 does not declare them.

  Background:
    Given a session that may read tables
    And the device declares what clause "8.4" needs

  Scenario: BT21 holds no more registers than BT20 allows, and BT22 selects active energy both ways
    Then BT21 holds no more registers than BT20 allows
    And BT22 selects the PIXIT's forward and reverse active energy among its summations

  Scenario: Every billing table is as long as BT21 lays it out
    Then every billing table BT00 declares has the size BT21 gives it

  Scenario: BT28 shows the present active power both ways
    Then BT28 shows the PIXIT's forward and reverse active power, neither negative

  Scenario: The tier blocks add up to the total block
    When the client reads BT23 block by block
    Then in BT23 the tiers add up to the total for every summation

  Scenario: A demand reset copies the registers into BT25 with its time, and is counted
    Given the device keeps in BT25 the registers of its last demand reset
    And a session that may write tables
    When the client reads BT23 block by block
    And the client runs BP09 to reset the demands
    Then the procedure result is "completed"
    And BT25 holds the registers of the moment of the reset, stamped with the device's time
    And BT23 counts one more demand reset

  Scenario: A season change copies the registers into BT24 with its time
    Given the device keeps in BT24 the registers of its previous season
    And a session that may write tables
    When the client reads BT23 block by block
    And the client runs BP09 to change to a season of BT51 other than BT55's, restoring the season afterwards
    Then the procedure result is "completed"
    And BT24 holds the registers of the moment of the change, stamped with the device's time

  Scenario Outline: BP09 with parameters it cannot take (<why>) is refused and changes nothing
    Given a session that may write tables
    When the client reads the billing counters
    And the client runs BP09 with parameters "<parameters>"
    Then the procedure result is one of the PIXIT's billing.badParameters results
    And the billing counters are as they were

    Examples:
      | parameters | why             |
      | 00         | no action asked |

  Scenario Outline: BP09 with more than its action bits (<why>) is refused, or done as its action bits ask
    Given a session that may write tables
    When the client reads the billing counters
    And the client runs BP09 with parameters "<parameters>"
    Then BP09 was refused and changed nothing, or did just what its action bits ask as the PIXIT's billing.reservedParameters allows

    Examples:
      | parameters | why                                   |
      | 82         | the reserved bit set with a self-read |
      | 03 00      | two parameter bytes                   |
