@optical @mep @plc @clause-8.10.3 @clause-8.10 @optional @provisional-layout-ET54 @provisional-layout-ET55
Feature: 8.10.3 Local manual control
  The customer's button closes a contactor that has been armed for a local reconnect. The head end
  arms it (EP30), or, with ET55's "local reconnect" option on, a remote close only arms it: the
  supply returns when the customer is there to press the button. Pressing the button needs hands on
  the meter: the simulator's bench (PIXIT control.simulatorBench). PROVISIONAL: EP30 and ET55 are
  the suite's own.

  Background:
    Given the device has the optional feature "8.10.3"
    And a session that may write tables
    And the contactor will be put back as it was after the scenario
    And the contactor is closed

  Scenario: An armed contactor stays open until the button is pressed
    When the client runs the contactor procedure to open
    And the client runs the contactor procedure to arm
    Then the procedure result is "completed"
    And BT08 says the contactor is armed
    And ET54 shows the contactor armed

  Scenario: With a local reconnect required, a remote close only arms the contactor
    When the client requires a local reconnect
    And the client runs the contactor procedure to open
    And the client runs the contactor procedure to close
    Then the procedure result is "completed"
    And ET54 shows the contactor armed

  Scenario: Arming a closed contactor is a conflict
    When the client runs the contactor procedure to arm
    Then the procedure result is "conflict"
    And ET54 shows the contactor closed

  Scenario: The customer's button closes an armed contactor
    Given the simulator's control bench is available
    When the client runs the contactor procedure to open
    And the client runs the contactor procedure to arm
    And the bench presses the contactor's button
    Then ET54 shows the contactor closed
