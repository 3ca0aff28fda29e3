@optical @mep @plc @clause-8.10.4 @clause-8.10 @optional @provisional-layout-ET54
Feature: 8.10.4 Load contactor remote control
  The head end opens and closes the contactor with a procedure (PIXIT control.contactorProcedure:
  EP30, one byte: 0 open, 1 close, 2 arm); BT08 answers the contactor's state, ET54 shows it and
  what opened it. An unknown action or a parameter of the wrong length is refused (PIXIT
  control.badRequest) and changes nothing. PROVISIONAL: EP30 is the suite's own.

  Background:
    Given the device has the optional feature "8.10.4"
    And a session that may write tables
    And the contactor will be put back as it was after the scenario
    And the contactor is closed

  Scenario: A remote open opens the contactor, a remote close closes it
    When the client runs the contactor procedure to open
    Then the procedure result is "completed"
    And BT08 says the contactor is open
    And ET54 shows the contactor opened by remote
    When the client runs the contactor procedure to close
    Then the procedure result is "completed"
    And BT08 says the contactor is closed
    And ET54 shows the contactor closed

  Scenario: An unknown action is refused and the contactor stays as it is
    When the client runs the contactor procedure with action 7
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
    And ET54 shows the contactor closed

  Scenario: An action of two bytes is refused
    When the client runs the PIXIT's contactor procedure with parameters "00 00"
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
    And ET54 shows the contactor closed
