@mep @clause-6.8 @optional
Feature: 6.8 Interface Change Alarm (ICA NAK)
  When the interface definition (ET42) changes, the device raises the Interface Change Alarm in BT03,
  increments ET04's IDT version (offset 116), and moves its sequence number on by 25 (PIXIT
  mep.icaSequenceJump), so that the client's next request gets 0x0C: the cue to re-read ET04/ET42.
  The harness flips bit 0 of the byte PIXIT device.interfaceChangeOffset names; ET42's layout is the
  manufacturer's, so a device refusing that change leaves the scenario inconclusive, not failed.

  Background:
    Given the device has the optional feature "6.8"
    And a secured session with the advanced key
    And the device declares what clause "6.8" needs
    And the PIXIT names a table whose change is an interface change

  Scenario: An interface change moves the sequence number on, raises the alarm and increments the IDT version
    Given ET04's IDT version is read
    When the client changes the interface definition
    Then the next request is answered 0x0C with a number at least the PIXIT's jump ahead of the change
    And ET04's IDT version is one higher
    And BT03's Interface Change Alarm is set
