@mep @plc @clause-9.11 @optional @provisional
Feature: 9.11 Secure broadcasts (PROVISIONAL)
  PROVISIONAL. A secure broadcast reaches many meters at once under a broadcast key, with a sequence
  number each meter accepts inside a window: ET04 records the base B and the delta D of that window
  and when the last broadcast arrived. The message format, its key and its sequence field are not in
  the sources this suite was built from, so no broadcast is sent: the scenario judges only ET04's
  bookkeeping, and its report carries a provisional notice saying so.

  Scenario: ET04 records a broadcast window that can accept a broadcast
    Given a secured session with the advanced key
    And secure broadcasts are judged provisionally
    When the client reads ET04's broadcast fields
    Then ET04's broadcast delta opens a window of at least one sequence number
