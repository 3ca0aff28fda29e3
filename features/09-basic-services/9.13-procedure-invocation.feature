@optical @mep @plc @clause-9.13 @mandatory
Feature: 9.13 Procedure invocation
  A procedure runs when BT07 is written in full with its number, a procedure sequence number (PSN)
  and its parameters; BT08 then holds the same procedure number and PSN with a result code.
  The scenarios use BP10 (set date and time), setting the clock to the time the device itself
  reports, so that nothing changes.

  Background:
    Given a session that may write tables
    And the device declares what clause "9.13" needs

  Scenario: BP10 completes and BT08 echoes the procedure number and the sequence number
    When the client runs BP10 setting the device clock to its own time
    Then the BT07 write was answered ok
    And BT08 holds the result of that call
    And the procedure result is "completed"

  Scenario: A procedure with impossible parameters gets "invalid parameter" and changes nothing
    Given the device clock is read
    When the client runs BP10 with parameters "03 17 0d 20 19 3c 3c 00"
    Then the BT07 write was answered ok
    And BT08 holds the result of that call
    And the procedure result is "invalid-parameter"
    And the device clock has run on undisturbed

  Scenario: A procedure the device does not have gets "unrecognized procedure"
    When the client runs a manufacturer procedure that BT00 does not declare
    Then the procedure outcome is one of the PIXIT's "unknownProcedure" results

  Scenario: A BT07 write that repeats the previous sequence number is refused
    Given the device has the optional feature "9.13/repeated-sequence-refused"
    When the client runs BP10 setting the device clock to its own time with sequence number 42
    And the client runs BP10 setting the device clock to its own time with sequence number 42
    Then the BT07 write was answered with one of the PIXIT's "repeatedProcedureSequence" codes

  @clause-7.0
  Scenario: The reader key may not invoke procedures
    Given a session logged on with the reader key
    When the client runs BP10 setting the device clock to its own time
    Then the BT07 write was answered with one of the PIXIT's "insufficientKey" codes

  @clause-9.13.1
  Scenario: The result of a quick procedure is in BT08 within the time 9.13.1 allows
    When the client runs BP10 setting the device clock to its own time
    Then BT08 holds the result of that call
    And the result was in BT08 within the PIXIT's "procedures.resultWithinMs"

  @clause-9.13.2 @optional
  Scenario: A slow procedure is polled until its result leaves "accepted, not completed"
    Given the device has the optional feature "8.3.2"
    And the PIXIT's clock-delta procedure is declared in BT00
    When the client runs the clock-delta procedure with a delta of 0 seconds
    Then BT08 holds the result of that call
    And the procedure result is "completed"
