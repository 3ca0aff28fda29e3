@optical @mep @plc @clause-8.11.3 @clause-8.11 @optional @provisional-layout-ET46
Feature: 8.11.3 Control relay remote control
  The head end switches a relay with a procedure (PIXIT control.relayProcedure: EP05, relay 1..N and
  a command: 0 off, 1 on, 2/3 off/on after the random delay); BT08 answers the relay's state and
  ET46 shows it. An unknown relay or command, or parameters of the wrong length, are refused (PIXIT
  control.badRequest) and change nothing. PROVISIONAL: EP05 is the suite's own.

  Background:
    Given the device has the optional feature "8.11"
    And a session that may write tables
    And the control relays will be put back as they were after the scenario
    And relay 1 is off

  Scenario: A remote command switches the relay on, another switches it off
    When the client runs the relay procedure for relay 1 with command on
    Then the procedure result is "completed"
    And ET46 shows relay 1 on
    When the client runs the relay procedure for relay 1 with command off
    Then the procedure result is "completed"
    And ET46 shows relay 1 off

  Scenario: An unknown command is refused and the relay stays as it is
    When the client runs the relay procedure for relay 1 with command number 9
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
    And ET46 shows relay 1 off

  Scenario: A relay the meter does not have is refused
    When the client runs the relay procedure for relay 99 with command on
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results

  Scenario: A command without its relay number is refused
    When the client runs the PIXIT's relay procedure with parameters "01"
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
    And ET46 shows relay 1 off
