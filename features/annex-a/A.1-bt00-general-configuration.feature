@optical @mep @plc @clause-A.1 @mandatory
Feature: A.1 Basic Table 00 (BT00): General Configuration
  BT00 is how the device describes itself: formats, dimensions, and which tables and procedures
  it has and which tables can be written. The rest of the suite takes its expectations from it, so
  it must be exactly true.

  Background:
    Given a session that may read tables

  Scenario: BT00 decodes, and its length is what its own dimensions give
    When the client reads BT00 in full
    Then the response code is ok
    And the data decodes as BT00
    And the data is as long as BT00's own dimensions give

  Scenario: BT00 declares the formats OSGP tables use
    OSGP table data is LSB first (6.1): a BT00 that declares MSB first fails here, and only here, since
    every other scenario reads the device's tables in the order its BT00 declares.
    When the client reads BT00 in full
    Then BT00 says table data is LSB first, characters are ASCII and times are discrete bytes

  Scenario: BT00 declares every mandatory table
    Then BT00 declares each of the PIXIT's mandatory tables

  Scenario: Every table BT00 declares exists
    Given a session logged on with the master key
    Then every table BT00 declares answers a full read with ok or a refusal for lack of clearance

  Scenario: The tables BT00 does not declare do not exist
    Then every basic table that BT00 does not declare is answered with one of the PIXIT's "unknownTable" codes

  Scenario: Tables BT00 marks not writeable refuse writes
    Given a session logged on with the master key
    Then every declared table marked not writeable refuses a write of its own content with one of the PIXIT's "notWriteable" codes

  Scenario: The PICS declared for the device agrees with what BT00 shows
    The PICS items with evidence in BT00 (a table or procedure only that feature has) must agree
    with it; the PICS derived from BT00 is left in reports/pics/ either way.
    Then the declared PICS agrees with what BT00 shows
