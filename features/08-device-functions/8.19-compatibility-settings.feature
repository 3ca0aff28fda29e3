@optical @mep @plc @clause-8.19 @mandatory
Feature: 8.19 Compatibility settings
  The interface compatibility setting (ET42/ET54; bit 0 "ICS - ICA NAK") turns the ICA NAK of 6.8
  on and off: with it on, an interface change moves the device's MEP sequence number on so that
  the client's next request is answered 0x0C; with it off, the client is not interrupted. The
  setting reads back as written. PROVISIONAL: where the setting lives (PIXIT control.icsField,
  ET54 offset 80 bit 0 by default) is the suite's choice. The spec names no other bit: those the
  vendor states are reserved (PIXIT control.icsReservedBits, all but bit 0 by default) never read
  back set, whether the meter refuses a write setting them or takes it and keeps them clear.

  Background:
    Given a session that may write tables
    And the device declares what clause "8.19" needs
    And the interface compatibility setting will be restored after the scenario

  Scenario: The ICA NAK bit reads back as written
    When the client flips the ICA NAK bit
    Then the response code is ok
    And the ICA NAK bit reads back flipped

  Scenario: A write setting the reserved bits is refused, or leaves them clear
    When the client writes the interface compatibility setting with its reserved bits set
    Then the write was refused or the reserved bits read back clear, the ICA NAK bit as it was

  Scenario: With the ICA NAK off, an interface change does not interrupt the client
    Given the link is the MEP port
    And the PIXIT names a table whose change is an interface change
    When the client turns the ICA NAK off
    And the client changes the interface definition
    Then the next request is served: no ICA NAK

  Scenario: With the ICA NAK on, an interface change is answered 0x0C
    Given the link is the MEP port
    And the PIXIT names a table whose change is an interface change
    When the client turns the ICA NAK on
    And the client changes the interface definition
    Then the next request gets the ICA NAK: 0x0C and a number at least the PIXIT's jump ahead
