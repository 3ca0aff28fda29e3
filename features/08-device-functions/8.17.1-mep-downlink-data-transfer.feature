@optical @mep @plc @clause-8.17.1 @clause-8.17 @optional @provisional-layout-ET11 @provisional-layout-ET15 @provisional-layout-ET51 @provisional-layout-ET74
Feature: 8.17.1 MEP device: downlink data transfer
  The head end posts data for the device on the meter's Multi-purpose Expansion Port with EP39:
  non-urgent data waits for the device's next regular poll (it must be taken within ET51's MEP
  health timeout); an on-demand request alerts the device, which takes it and answers it within
  ET51's on-demand timeout. ET15's last two entries show what became of each posting.
  PROVISIONAL: EP39's kinds and layout and ET15 are the suite's own reading of the NES tables.

  Background:
    Given the device has the optional feature "8.17"
    And a session that may write tables

  @clause-8.17.1.1
  Scenario: Non-urgent data posted for the MEP device is taken by it at its next poll
    When the client posts non-urgent data "01 02 03 04" for the MEP device with EP39
    Then the procedure result is "completed"
    And ET15 shows the MEP data posted or already taken
    When the client waits until the MEP device has taken the data, at most ET51's health timeout
    Then ET15 shows the MEP data "done", taken after it was posted

  @clause-8.17.1.1
  Scenario: Non-urgent data longer than the MEP data size is refused
    When the client posts non-urgent data one byte longer than ET11's MEP data size
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results

  @clause-8.17.1.2
  Scenario: An on-demand request is taken by the MEP device and answered
    When the client posts the on-demand request "01" for the MEP device with EP39
    Then the procedure result is "completed"
    When the client waits until the MEP device has taken the request, at most ET51's on-demand timeout
    Then ET15 shows the MEP request "done", taken after it was posted
    And ET74 holds the MEP device's answer to that request, with data

  @clause-8.17.1.2
  Scenario: An on-demand request the MEP device does not know is refused by it
    When the client posts the PIXIT's unknown on-demand request for the MEP device
    Then the procedure result is "completed"
    When the client waits until the MEP device has taken the request, at most ET51's on-demand timeout
    Then ET15 shows the MEP request "failed", taken after it was posted
