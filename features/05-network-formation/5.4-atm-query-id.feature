@plc @clause-5.4 @optional
Feature: 5.4 ATM Query ID
  ATM Query ID is taken to be ISO/IEC 14908-1 NM Query ID (code 0x61; OSGP-REFERENCE clause 5,
  inferred). Asked for "selected" nodes, a meter answers only while Respond to Query has selected
  it; otherwise a broadcast would be answered by every meter of the segment at once.

  Background:
    Given a secured session with the advanced key
    And the meter's Respond to Query is off, and turned off again after the scenario

  Scenario: A meter that is not selected stays silent to Query ID for selected nodes
    When the client broadcasts Query ID for selected nodes in the domain
    Then the meter does not answer Query ID

  Scenario: Deselected again, the meter falls silent again
    When the client turns the meter's Respond to Query on
    And the client turns the meter's Respond to Query off
    And the client broadcasts Query ID for selected nodes in the domain
    Then the meter does not answer Query ID
