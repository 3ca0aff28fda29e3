@clause-9.1 @mandatory @fresh-session
Feature: 9.1 Matching of requests and responses
  On the optical port a response is matched to its request by being the next message the device
  sends. So the device must answer each request exactly once, in packets whose CRC is right, and
  must never send a message nobody asked for. On the PLC link the ISO/IEC 14908-1 transaction
  number pairs them: the meter's response must carry its request's number, or the harness cannot
  take it for the answer (and takes nothing else for it).

  @optical
  Scenario: The device answers each request once, in packets with a valid CRC
    Given a connection to the device
    When the client identifies, negotiates and logs on without a password
    And the client reads BT00 in full
    Then every packet the device sent has a valid CRC
    And the device sent no message that answered nothing

  @plc
  Scenario: The meter answers each PLC request with the request's transaction number
    Given a secured session with the advanced key
    When the client reads BT01 in full
    And the client reads BT00 in full
    Then the meter answered in the transaction of each request
    And the response code is ok
