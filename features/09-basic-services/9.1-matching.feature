@optical @clause-9.1 @mandatory
Feature: 9.1 Matching of requests and responses
  On the optical port a response is matched to its request by being the next message the device
  sends. So the device must answer each request exactly once, in packets whose CRC is right, and
  must never send a message nobody asked for.

  Scenario: The device answers each request once, in packets with a valid CRC
    Given a connection to the device
    When the client identifies, negotiates and logs on without a password
    And the client reads BT00 in full
    Then every packet the device sent has a valid CRC
    And the device sent no message that answered nothing
