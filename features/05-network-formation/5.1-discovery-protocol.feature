@plc @clause-5.1 @optional
Feature: 5.1 Discovery protocol
  A data concentrator finds meters with the ISO/IEC 14908-1 network-management requests the ATM
  messages mirror (OSGP-REFERENCE clause 5, inferred): it selects nodes with Respond to Query, then
  asks every selected node in the domain for its identity with Query ID. The text of TS 104 001
  clause 5 is not available to us, so this checks what a concentrator relies on from outside: a
  selected meter answers a domain-wide Query ID with its 48-bit unique id (the PIXIT's
  plc.meter.uniqueId) and its 8-byte program id. 5.3 (ADD proxy), 5.6 (signal strength values),
  5.7 (examples) and 5.8 (fast commission message) are not observable without the meter's own PLC
  stack or the clause text, and have no scenario.

  Background:
    Given a secured session with the advanced key
    And the meter's Respond to Query is off, and turned off again after the scenario

  Scenario: A selected meter is found by a Query ID broadcast to the whole domain
    When the client turns the meter's Respond to Query on
    And the client broadcasts Query ID for selected nodes in the domain
    Then the meter answers Query ID with the PIXIT's unique id and an 8-byte program id

  Scenario: A selected meter answers Query ID sent to its unique id
    When the client turns the meter's Respond to Query on
    And the client sends Query ID for selected nodes to the meter's unique id
    Then the meter answers Query ID with the PIXIT's unique id and an 8-byte program id
