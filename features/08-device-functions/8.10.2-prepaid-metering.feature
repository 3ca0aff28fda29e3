@optical @mep @plc @clause-8.10.2 @clause-8.10 @optional @provisional-layout-ET54 @provisional-layout-ET55
Feature: 8.10.2 Prepaid metering
  With ET55's prepaid option on, the meter charges the energy imported to the credit in ET55 (Wh);
  when the credit is used up, the contactor opens, and a remote close is a conflict until credit is
  added. PROVISIONAL: ET55's layout and EP30 (PIXIT control.contactorProcedure) are the suite's own.

  Background:
    Given the device has the optional feature "8.10.2"
    And a session that may write tables
    And the device clock will be restored after the scenario
    And the bench load imports power
    And the contactor will be put back as it was after the scenario
    And the contactor is closed

  Scenario: The credit goes down with the energy imported
    When the client turns prepaid on with a credit of 100000 Wh
    And the meter runs until about 1 Wh has been imported
    Then ET55's credit has gone down from what was written

  Scenario: Used-up credit opens the contactor, and a remote close is then a conflict
    When the client turns prepaid on with a credit of 1 Wh
    And the meter runs until about 1 Wh has been imported
    Then ET54 shows the contactor opened by credit
    And ET54 shows the "creditExhausted" alarm raised and latched
    When the client runs the contactor procedure to close
    Then the procedure result is "conflict"
    And ET54 shows the contactor open

  Scenario: A negative credit is refused
    Given the control table ET55 will be restored after the scenario
    When the client writes -5 to the control field "ET55.creditWh"
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the control field "ET55.creditWh" still reads what it held before the write
