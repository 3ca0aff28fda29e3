@mep @plc @clause-9.7 @mandatory @fresh-session
Feature: 9.7 Request/response sequencing
  Each secured request carries a 4-byte sequence number (MSB first) inside its digest. The device
  accepts a number up to 8 above the last one it accepted (PIXIT mep.sequenceWindow, or
  plc.sequenceWindow on PLC, where the window is inferred from MEP); anything else, a replay
  included, gets 0x0C followed by the device's own number. A client need not know that number in
  advance: it learns it from the 0x0C and continues from it + 1.

  Background:
    Given a secured session with the advanced key

  Scenario: A client learns the device's number from 0x0C, and that number + 1 is accepted
    When the client reads BT01 with the PIXIT's first sequence number, without resynchronising
    Then the device either serves it or answers 0x0C with its sequence number
    When the client reads BT01 with the device's number + 1
    Then the device's answer verifies and its code is ok

  Scenario: The request just served, sent again byte for byte, is answered 0x0C
    # On MEP these bytes are also a retransmission after a lost response, which the MEP guide lets
    # the device answer with its first response again: PIXIT mep.retransmissionAnswers says which.
    Given the device's sequence number is known
    And the scratch area's content is saved and will be restored
    When the client writes a test pattern to the scratch area
    And the client sends the first write again, byte for byte
    Then the device answers the resend 0x0C with its sequence number, or on MEP as mep.retransmissionAnswers allows

  Scenario: An older request replayed is answered 0x0C and is not served again
    Given the device's sequence number is known
    And the scratch area's content is saved and will be restored
    When the client writes a test pattern to the scratch area
    And the client writes another test pattern to the scratch area
    And the client sends the first write again, byte for byte
    Then the device answers 0x0C with its sequence number
    And the scratch area holds the second test pattern

  Scenario: The window: the last number + the window is accepted, one more is not
    Given the device's sequence number is known
    When the client reads BT01 with the device's number + the PIXIT's window
    Then the device's answer verifies and its code is ok
    When the client reads BT01 with the device's number + the PIXIT's window + 1
    Then the device answers 0x0C with its sequence number

  Scenario: A number far ahead is refused and changes nothing
    Given the device's sequence number is known
    When the client reads BT01 with the device's number + 1000
    Then the device answers 0x0C with its sequence number
    And the device's number has not moved
