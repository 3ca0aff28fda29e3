@mep @clause-7.1 @mandatory @fresh-session
Feature: 7.1 OMA Key (OMAK)
  The OMAK is the 96-bit key of the PLC link: the key of its OMA digest and the root of its RC4 key.
  The MEP port has keys of its own (MAK, MBK). A key must protect only the link it belongs to, so a
  request protected with the OMAK must not be accepted on the MEP port.

  Scenario: The MEP port refuses a request protected with the OMAK
    Given the PIXIT gives the device's OMAK
    And a secured session with the advanced key
    When the client sends a read of BT01 protected with the OMAK
    Then the device answers 0x0B, the code alone and unencrypted
