@optical @link @mandatory
Feature: 9.1, 9.2, 9.9 The optical port's C12.18 link layer
  On the optical port OSGP's requests and responses travel in ANSI C12.18 packets: each packet is
  acknowledged (ACK 0x06) or refused (NAK 0x15) by its receiver, a damaged or unacknowledged packet
  is sent again unchanged, the toggle bit tells a new packet from a retransmission, and the sizes
  negotiated bound every packet. Matching a response to its request (9.1) and the buffer limits
  (9.2) rest on these rules, so the harness drives the link itself here, ACKing, NAKing or staying
  silent on purpose, and judges the device from the bytes on the wire. A breach is a FAIL only
  when a second attempt shows it again.

  @clause-9.1
  Scenario: Every request packet is ACKed before anything else, Logoff and Terminate included
    Then the device ACKs every request packet of a whole session before it sends anything else

  @clause-9.1
  Scenario: The device's toggle bit alternates on every new packet
    Then the device's toggle bit alternates on every new packet of a whole session

  @clause-9.1
  Scenario: A request packet with a bad CRC is NAKed, not answered and not executed
    Then a request packet with a bad CRC is NAKed, gets no response and is not executed

  @clause-9.1
  Scenario: A request sent twice, as after a lost ACK, is executed once
    Given the device has the optional feature "8.3.2"
    And a session that may write tables
    And the PIXIT's clock-delta procedure is declared in BT00
    Then a request packet sent twice, byte for byte, is ACKed both times and executed once

  @clause-9.1
  Scenario: A response packet the harness NAKs is sent again, byte for byte
    Then a response packet that the harness NAKs is sent again byte for byte

  @clause-9.1
  Scenario: A response the harness ACKed is sent once, not again before the next request
    Then a response the harness ACKed is not sent again before the next request

  @clause-9.1
  Scenario: A response packet without an ACK is retransmitted at most the PIXIT's retries
    Then a response packet left without an ACK is sent again at most the PIXIT's link.retries times, unchanged

  @clause-9.2
  Scenario: Responses keep to the negotiated packet size and count
    Then responses keep to the negotiated packet size and count, and a multi-packet response counts down to 0

  @clause-9.9
  Scenario: Services out of their place in the C12.18 service sequence are refused
    Then each C12.18 service out of its place in the session is refused, and Identification in a session does what the PIXIT says
