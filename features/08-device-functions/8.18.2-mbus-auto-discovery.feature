@optical @mep @plc @clause-8.18.2 @clause-8.18 @optional @provisional-layout-ET13 @provisional-layout-ET14
Feature: 8.18.2 Auto-discovery of M-Bus devices
  A bus scan (EP19, type 2) finds every device on the M-Bus that no channel holds and installs it
  on a free channel, taking its identity from its answer; the devices already installed stay where
  they are. Which free channel the spec does not say: the lowest is checked only where the PIXIT's
  mepMbus.discoveryChannel says the device chooses it. The scenario frees a channel with EP17 (the
  device stays on the bus) so that the scan has something to find, and puts the configuration back
  afterwards. PROVISIONAL: EP19's scan parameters are the suite's reading.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may write tables
    And the M-Bus configuration will be restored after the scenario

  Scenario: A device found by a bus scan is installed on a free channel
    Given the installed M-Bus device on the highest channel is chosen
    When the client removes that device with EP17
    And the client runs a bus scan with EP19
    Then the procedure result is "completed"
    And the removed device is installed again on a channel that was free
    And the devices installed before the scan are where they were
    And ET14 agrees with ET13 about the installed devices

  Scenario: A second bus scan finds nothing new and changes nothing
    When the client runs a bus scan with EP19
    And the client runs a bus scan with EP19
    Then the procedure result is "completed"
    And the devices installed before the scan are where they were
    And ET14 is as it was before the scan

  Scenario: A bus scan naming a channel is refused
    Given the M-Bus state is recorded
    When the client runs a bus scan with EP19 naming channel 1
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results
    And the M-Bus tables are as they were
