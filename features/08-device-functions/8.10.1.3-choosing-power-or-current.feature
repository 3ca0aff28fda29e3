@optical @mep @plc @clause-8.10.1.3 @clause-8.10.1 @clause-8.10 @optional @provisional-layout-ET09 @provisional-layout-ET54 @provisional-layout-ET55
Feature: 8.10.1.3 Choosing power or current
  ET55's option bit 0 chooses what the contactor watches: the import power (0) or the highest phase
  current (1). Only the chosen threshold counts. PROVISIONAL: the layouts are the suite's own.

  Background:
    Given the device has the optional feature "8.10.1.3"
    And a session that may write tables
    And the device clock will be restored after the scenario
    And the bench load imports power
    And the contactor will be put back as it was after the scenario
    And the contactor is closed
    And the present load is read from ET09

  Scenario: With the current chosen, a power threshold below the load does not open the contactor
    When the client limits the current, with only the power threshold below the present power, for 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the contactor closed

  Scenario: With the power chosen, a current threshold below the load does not open the contactor
    When the client limits the power, with only the current threshold below the present current, for 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the contactor closed

  Scenario: The choice reads back as written
    Given the control table ET55 will be restored after the scenario
    When the client writes 1 to the control field "ET55.contactorOptions"
    Then the response code is ok
    And the control field "ET55.contactorOptions" reads 1
