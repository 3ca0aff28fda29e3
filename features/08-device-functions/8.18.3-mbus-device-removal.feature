@optical @mep @plc @clause-8.18.3 @clause-8.18 @optional @provisional-layout-ET13 @provisional-layout-ET14
Feature: 8.18.3 M-Bus device removal
  EP17 (action 0, the device's handle from ET14) removes a device: its channel is free again in
  ET13, ET14 and ET16, and the other channels are untouched. A handle that names no device, or an
  action other than 0, is refused and changes nothing. The configuration is put back afterwards
  by writing the saved ET13 entry, which installs the device again. PROVISIONAL: only action 0 is
  known (OSGP-REFERENCE 9.13's worked example); the refusal results are PIXIT mepMbus.badRequest.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may write tables
    And the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    And the M-Bus state is recorded

  Scenario: EP17 frees the channel of an installed device
    When the client removes that device with EP17
    Then the procedure result is "completed"
    And that device's channel is free in ET13, ET14 and ET16
    And the other M-Bus channels are as they were
    And ET14 agrees with ET13 about the installed devices

  Scenario: EP17 with the handle of an empty channel is refused and changes nothing
    When the client runs EP17 with the handle of no device
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results
    And the M-Bus tables are as they were

  Scenario: EP17 with an unknown action is refused and changes nothing
    When the client runs EP17 with action 7 on that device
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results
    And the M-Bus tables are as they were
