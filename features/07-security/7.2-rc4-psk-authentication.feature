@mep @clause-7.2 @mandatory @fresh-session
Feature: 7.2 OSGP-RC4-PSK authentication
  Every request carries an 8-byte OMA digest over its APDU and sequence number; the device checks it
  under each of its keys (MEP: MAK before MBK), serves the request with the level of the key that
  verifies it, and answers 0x0B when none does. A response carries a digest over the request and
  the response, so that the client knows it comes from the device and answers this request.

  Background:
    Given the device lacks the optional feature "7.4/aes-mode"
    And a secured session with the advanced key

  Scenario: A request protected with the advanced key is served, and the answer verifies
    When the client reads BT01
    Then the device's answer verifies and its code is ok

  # Which the device checks first, the digest or the sequence number, no public source says: a flip in
  # the sequence number may get 0x0C (9.7) instead of 0x0B. Either refuses; the write must not happen.
  Scenario: A single flipped bit anywhere in a protected request is refused and changes nothing
    Given the scratch area's content is saved and will be restored
    Then every single-bit flip of a protected write to the scratch area is refused: 0x0B, or 0x0C in the sequence number
    And the scratch area still holds its saved content

  Scenario: A request protected with a key the device does not hold gets 0x0B
    When the client sends a read of BT01 protected with a key the device does not hold
    Then the device answers 0x0B, the code alone and unencrypted

  @clause-7.0
  Scenario: The basic key may read but not write
    Given the scratch area's content is saved and will be restored
    And a secured session with the basic key
    When the client reads BT01
    Then the device's answer verifies and its code is ok
    When the client writes a test pattern to the scratch area
    Then the device's answer verifies and its code is one of the PIXIT's "insufficientKey" codes
    And the scratch area still holds its saved content

  @clause-7.0
  Scenario: The advanced key may write
    Given the scratch area's content is saved and will be restored
    When the client writes a test pattern to the scratch area
    Then the device's answer verifies and its code is ok
