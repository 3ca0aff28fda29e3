@optical @mep @plc @clause-8.6 @optional @provisional-layout-ET54 @provisional-layout-ET58 @provisional-layout-ET70 @provisional-layout-ET71 @provisional-layout-ET09
Feature: 8.6 Self-test (alarms, error codes)
  The meter tests itself periodically. ET58 holds the results (how many self-tests ran, when the
  last one ran, which tests failed, the error code); a failure raises BT03's flags (C12.19
  ED_STD_STATUS1), which stay until BP07 clears them, and ET54's self-test alarm. ET54 keeps every
  alarm twice: raised while its condition lasts, latched until BP08 (PIXIT
  control.clearAlarmsProcedure) clears it. ET70 holds the RAM-only status, ET71 the delta data
  alerts. PROVISIONAL: the layouts of ET54 (but for 7.4's fields), ET58, ET70 and ET71 are the
  suite's own. Making a self-test fail needs hands on the meter: the simulator's bench (PIXIT
  control.simulatorBench); elsewhere that scenario is inconclusive.

  Background:
    Given the device has the optional feature "8.6"
    And a session that may write tables

  Scenario: The self-test runs again whenever its period comes round
    Given ET58 is read
    Then ET58 counts another self-test by a period after its last one

  Scenario: ET58, ET54 and BT03 tell the same story about the last self-test
    Then ET58, ET54 and BT03 agree about the last self-test

  Scenario: A failed self-test raises BT03's flags, an error code and an alarm, which stay latched until cleared
    Given the simulator's control bench is available
    And the device clock will be restored after the scenario
    And the self-tests will be healed and the flags and alarms cleared after the scenario
    When the bench makes the "ram" self-test fail
    And the device clock is set 1 second before the next self-test
    And the meter runs for 2 device seconds
    Then ET58 says the "ram" self-test failed, with its error code
    And BT03 shows the "ram" failure and a self-check error
    And ET58, ET54 and BT03 agree about the last self-test
    And ET54 shows the "selfTestFailure" alarm raised and latched
    When the bench heals the self-tests
    Then ET54 shows the "selfTestFailure" alarm latched but no longer raised
    When the client runs the PIXIT's clearStatusFlags procedure
    Then the procedure result is "completed"
    And BT03 shows no self-check error
    When the client runs the PIXIT's clearAlarms procedure
    Then the procedure result is "completed"
    And ET54 shows the "selfTestFailure" alarm neither raised nor latched

  Scenario: An alarm stays latched after its condition has gone, until the alarms are cleared
    Given the device has the optional feature "8.8"
    And the control table ET09 will be restored after the scenario
    And the alarms will be cleared after the scenario
    And ET09 is read
    When the client makes the present voltage an under-voltage qualifying after 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the "underVoltage" alarm raised and latched
    When the client writes back ET09's thresholds as they were
    Then ET54 shows the "underVoltage" alarm latched but no longer raised
    When the client runs the PIXIT's clearAlarms procedure
    Then the procedure result is "completed"
    And ET54 shows the "underVoltage" alarm neither raised nor latched

  Scenario: Importing the delta of ET71 raises a delta data alert, latched until the alarms are cleared
    Given the device clock will be restored after the scenario
    And the bench load imports power
    And the control table ET71 will be restored after the scenario
    And the alarms will be cleared after the scenario
    And ET71 is read
    When the client writes 1 to the control field "ET71.energyDeltaWh"
    Then the response code is ok
    When the meter runs until about 1 Wh has been imported
    Then ET71 counts a new alert, latched
    And ET54 shows the "deltaAlert" alarm latched but no longer raised
    When the control field "ET71.energyDeltaWh" is set to 0
    And the client runs the PIXIT's clearAlarms procedure
    Then ET71's alert is no longer latched

  Scenario: A delta beyond ET71's range is refused
    Given the control table ET71 will be restored after the scenario
    When the client writes 1000001 to the control field "ET71.energyDeltaWh"
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the control field "ET71.energyDeltaWh" still reads what it held before the write

  Scenario: ET70's RAM-only status runs with the meter and shows ET54's alarm conditions
    Then ET70's uptime grows and its conditions are ET54's

  Scenario: The clear-alarms procedure takes no parameters
    When the client runs the PIXIT's clearAlarms procedure with parameters "01"
    Then the control procedure was refused with one of the PIXIT's "control.badRequest" results
