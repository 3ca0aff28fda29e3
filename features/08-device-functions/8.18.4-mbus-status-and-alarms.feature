@optical @mep @plc @clause-8.18.4 @clause-8.18 @optional @provisional-layout-ET13 @provisional-layout-ET14 @provisional-layout-ET15
Feature: 8.18.4 M-Bus status and alarms
  ET14 tells, per channel, whether the device answered its last read: "active", or "down" with the
  no-response alarm (and its channel's bit in the alarm map). A device installed where nothing
  answers (PIXIT mepMbus.absentAddress) must raise the alarm; on the simulator's bench a device
  that is unplugged raises it and clears it when it answers again. PROVISIONAL: ET14's status
  and alarm fields beyond those a client of NES meters reads are the suite's own layout.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may write tables
    And the M-Bus configuration will be restored after the scenario

  Scenario: A device that does not answer is shown down with a no-response alarm
    Given the device has a free M-Bus channel
    When the client writes ET13 to install a device on the free channel at the PIXIT's absent address
    And the client posts an on-demand read of that device with EP19
    Then the procedure result is "completed"
    And ET15 shows that read "failed" after 1 attempt
    And ET14 shows that device down with a no-response alarm
    And ET14 agrees with ET13 about the installed devices

  Scenario: A device that stops answering raises the alarm, and clears it when it answers again
    Given the simulator's bench may be used
    And an installed M-Bus device is chosen
    When the bench unplugs that device
    And the client posts an on-demand read of that device with EP19
    Then ET14 shows that device down with a no-response alarm
    When the bench plugs that device back
    And the client posts an on-demand read of that device with EP19
    Then ET14 shows that device active without a no-response alarm
