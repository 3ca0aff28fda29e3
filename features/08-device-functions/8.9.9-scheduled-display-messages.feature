@optical @mep @plc @clause-8.9.9 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67
Feature: 8.9.9 Scheduled display messages
  ET07 holds a few messages (ET67 says how many), each with a start (STIME_DATE, UTC), a duration in
  minutes (1..1440) and a text of printable ASCII; the display shows a message while its time lasts,
  and ET07's last byte names the one shown now. A message the display could not show is refused.
  PROVISIONAL: the layout is the suite's own.

  Background:
    Given the device has the optional feature "8.9.9"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario

  Scenario: A message scheduled from now is kept and shown
    When the client schedules display message 1 from the present minute for 10 minutes saying "HELLO"
    Then the response code is ok
    And the display tables hold what was written
    And ET07 shows display message 1 as the one on the display now

  Scenario: A message with a character the display cannot show is refused
    When the client schedules display message 1 with the text byte 7
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the display tables are as they were before the write

  Scenario: A message lasting 0 minutes is refused
    When the client schedules display message 1 from the present minute for 0 minutes saying "NEVER"
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the display tables are as they were before the write

  Scenario: A message starting in month 13 is refused
    When the client schedules display message 1 starting in month 13
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the display tables are as they were before the write
