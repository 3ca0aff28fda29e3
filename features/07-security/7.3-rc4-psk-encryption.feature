@mep @clause-7.3 @mandatory @fresh-session
Feature: 7.3 OSGP-RC4-PSK encryption
  A request may be encrypted (RC4 keyed from the base key and the request's digest); the device
  detects it, and encrypts its answer by continuing the same keystream (PIXIT security.responseKeystream).
  A plain request gets a plain answer. The 0x0B answer is never encrypted; the 0x0C answer to an
  encrypted request is.

  Background:
    Given the device lacks the optional feature "7.4/aes-mode"
    And a secured session with the advanced key

  Scenario: An encrypted request is served, and its answer comes back encrypted
    When the client reads BT01 with encryption
    Then the device's answer verifies and its code is ok
    And the answer was encrypted

  Scenario: A plain request gets a plain answer
    When the client reads BT01 without encryption
    Then the device's answer verifies and its code is ok
    And the answer was not encrypted

  Scenario: The 0x0B answer to a tampered encrypted request is not encrypted
    When the client sends an encrypted read of BT01 with one bit of its digest flipped
    Then the device answers 0x0B, the code alone and unencrypted

  @clause-9.7
  Scenario: The 0x0C answer to an encrypted request is encrypted, and carries the device's number
    The request differs from the one the device accepted with that number (one byte, not the whole
    table), so it can only be a replay of an old number, never a retransmission the device may answer again.
    Given the device's sequence number is known
    When the client reads one byte of BT01 with encryption and the sequence number the device accepted last
    Then the device answers 0x0C with its sequence number
    And the answer was encrypted
