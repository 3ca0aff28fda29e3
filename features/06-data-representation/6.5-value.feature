@optical @mep @plc @clause-6.5 @mandatory
Feature: 6.5 Value
  A table definition's value column gives an F field's hard-coded value (and an H field's shipping
  default). The fields the PIXIT lists with their values (vci.values, TABLE.OFFSET=HEX) hold them.

  Background:
    Given a session that may read tables

  Scenario: each fixed field with a hard-coded value holds it
    Then each of the PIXIT's fields with a hard-coded value holds it
