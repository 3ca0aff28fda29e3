@optical @mep @plc @clause-6.7 @mandatory
Feature: 6.7 Table and procedure naming conventions
  BTn is table n and ETn table 2048 + n (ET03 = 0x0803); BPn is procedure n and EPn procedure
  2048 + n in the 12-bit procedure field (EP16 = 0x0810); a pending table is 4096 + the id of the
  table it replaces (BT54 -> 4150, ET47 -> 6191). The manufacturer procedure run is 8.3.2's clock
  delta (PIXIT clock.deltaProcedure), so that scenario needs PICS item 8.3.2.

  Background:
    Given a session that may write tables

  Scenario: every extended table answers at 2048 + n, and not at n alone
    Then every extended table BT00 declares answers at 2048 plus its number, and not at its number alone

  Scenario: a manufacturer procedure runs as 2048 + n, and BT08 says so
    Given the device has the optional feature "8.3.2"
    And the PIXIT's clock-delta procedure is declared in BT00
    And the device clock will be restored after the scenario
    When the client runs the PIXIT's delta procedure with a delta of 0 seconds
    Then BT08 gives the number of the procedure just run in the data order BT00 declares

  @clause-6.3
  Scenario: a pending table answers at 4096 + its id, with its PED before its content
    Given the device has the optional feature "6.3"
    Then the pending table answers at 4096 plus its id with a PED before its content
