@optical @mep @plc @clause-8.11.1 @clause-8.11 @optional @provisional-layout-ET05 @provisional-layout-ET46
Feature: 8.11.1 Control relay randomization
  A randomised switch does not happen at once: the relay waits a random delay within ET05's window
  (so that many meters do not switch their loads at the same moment). BT08 and ET46 show the delay
  drawn; the relay switches when it has passed. PROVISIONAL: EP05 (PIXIT control.relayProcedure)
  and the layouts are the suite's own.

  Background:
    Given the device has the optional feature "8.11"
    And a session that may write tables
    And the control relays will be put back as they were after the scenario
    And relay 1 is off

  Scenario: A randomised switch waits a delay within the window, then happens
    Given the control field "ET05.relay1.windowSeconds" is set to 3
    When the client runs the relay procedure for relay 1 with command onRandomised
    Then the procedure result is "completed"
    And BT08 says relay 1 waits a random delay within its window
    And relay 1 is on once that delay has passed

  Scenario: With a window of 0 a randomised switch happens at once
    Given the control field "ET05.relay1.windowSeconds" is set to 0
    When the client runs the relay procedure for relay 1 with command onRandomised
    Then the procedure result is "completed"
    And ET46 shows relay 1 on
