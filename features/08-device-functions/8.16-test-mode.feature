@optical @mep @plc @clause-8.16 @optional @provisional-layout-ET55 @provisional-layout-ET70
Feature: 8.16 Test mode
  The head end puts the meter in test mode with C12.19's Change End Device Mode (PIXIT
  control.testModeProcedure, BP06) and takes it out again; BT03's mode byte and ET70 say so. In test
  mode the energy measured goes to ET70's test registers, not to billing (the prepaid credit is not
  charged for it), and test mode ends by itself after ET55's timeout. PROVISIONAL: the layouts of
  ET55 and ET70 are the suite's own. C12.19 defines a meter-shop mode the spec does not ask for: a
  meter without it (PICS option 8.16/meter-shop-mode) refuses it.

  Background:
    Given the device has the optional feature "8.16"
    And a session that may write tables
    And test mode will be left after the scenario

  Scenario: Test mode is entered and left again
    When the client enters test mode
    Then the procedure result is "completed"
    And BT03 and ET70 show test mode
    When the client leaves test mode
    Then the procedure result is "completed"
    And BT03 and ET70 show normal metering

  Scenario: Test mode ends by itself after its timeout
    Given the control table ET55 will be restored after the scenario
    And ET55's test-mode timeout is set to the PIXIT's control.testModeTimeoutSeconds
    When the client enters test mode
    Then the procedure result is "completed"
    When the meter runs for the test-mode timeout and 1 device second more
    Then BT03 and ET70 show normal metering

  Scenario: Energy measured in test mode goes to the test registers, not to the prepaid credit
    Given the device has the optional feature "8.10.2"
    And the device clock will be restored after the scenario
    And the bench load imports power
    And the contactor will be put back as it was after the scenario
    When the client turns prepaid on with a credit of 100000 Wh
    And the client enters test mode
    Then the procedure result is "completed"
    When the meter runs until about 1 Wh has been imported
    Then ET70's test registers have counted the energy imported
    And ET55's credit is still what was written

  Scenario: The test registers do not count outside test mode
    Given ET70 is read
    When the meter runs for 1 device second
    Then ET70's test registers have not changed

  Scenario: Meter-shop mode is refused by a meter that has none
    Given the device lacks the optional feature "8.16/meter-shop-mode"
    When the client asks for meter-shop mode
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
    And BT03 and ET70 show normal metering

  Scenario: A mode byte with reserved bits set is refused
    When the client runs the PIXIT's testMode procedure with parameters "f8"
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
    And BT03 and ET70 show normal metering
