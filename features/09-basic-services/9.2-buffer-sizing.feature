@plc @clause-9.2 @mandatory
Feature: 9.2 Buffer sizing restrictions
  On the PLC link one OSGP message (APDU, sequence number and digest) is at most 114 bytes; a typical
  read asks for 84 data bytes and a typical write carries 75 (JN-slides; PIXIT plc.messageLimit,
  plc.maxReadData, plc.maxWriteData). A meter asked for more than one message can carry must refuse
  rather than send a longer message. Writes are split at plc.maxWriteData by the harness itself
  (the 9.10 transaction images, several hundred bytes, go in such pieces).

  Background:
    Given a secured session with the advanced key

  Scenario: A read of the PIXIT's read size is answered in one message within the limit
    When the client reads the PIXIT's plc.maxReadData bytes of ET04 from offset 0
    Then the response code is ok
    And every message the meter sent fits the PIXIT's PLC message limit

  Scenario: A full read too long for one message is refused, never sent oversize
    Given a full read of ET04 would not fit the PIXIT's PLC message limit
    When the client reads ET04 in full
    Then the response code is one of the PIXIT's "oversizeResponse" codes
    And every message the meter sent fits the PIXIT's PLC message limit
