@plc @clause-4 @mandatory
Feature: 4 OSGP operation overview: one request, one response
  OSGP is strict request/response: the client asks, the meter answers, and the meter never starts a
  conversation of its own (alarms aside). On the PLC link each request is an ISO/IEC 14908-1
  request/response transaction; a retry whose first answer was lost reaches the meter as the same
  transaction again, and the meter must answer it from its receive record instead of executing the
  request a second time (a secured request executed twice would be a replay). Once the record has
  expired (its 14908-1 receive timer, PIXIT plc.receiveTimerMs), the meter's OSGP layer refuses the
  replayed sequence number with 0x0C instead: that is not an execution either.

  Background:
    Given a secured session with the advanced key

  Scenario: A transaction repeated under its own number is answered again, not executed again
    Given the client has read BT01 and kept the meter's answer
    When the client repeats that transaction under its own transaction number
    Then the meter answers the repeat from its receive record, or refuses it as a replay
    And the next request is answered without resynchronising

  Scenario: Each request is answered once, in its own transaction
    When the client reads BT01 in full
    And the client reads BT00 in full
    Then the response code is ok
    And each request went out with a transaction number other than the one before
    And the meter answered in the transaction of each request
