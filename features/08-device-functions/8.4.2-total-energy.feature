@optical @mep @plc @clause-8.4.2 @clause-8.4 @optional
Feature: 8.4.2 Total energy
  A device with total energy keeps, besides forward and reverse active energy, their sum as a
  summation of BT22/BT23 (PIXIT billing.sources.totalActive), in the total block and every tier.

  Background:
    Given the device has the optional feature "8.4.2"
    And a session that may write tables
    And BT22 selects the PIXIT's total, forward and reverse active energy

  Scenario: In every block of BT23 the total energy is forward plus reverse
    When the client reads BT23 block by block
    Then in every BT23 block the total energy is forward plus reverse

  Scenario: The total energy grows with the energy metered both ways
    Given the device clock will be restored after the scenario
    And the device clock is at the PIXIT's load time
    When the client reads BT23 block by block
    And the registers have grown by the PIXIT's growth
    Then the total energy grew by what forward and reverse energy grew
