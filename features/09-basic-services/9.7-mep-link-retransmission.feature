@mep @link @clause-9.7 @mandatory
Feature: 9.7 MEP link: a retransmission is answered as the first sending was, never executed again
  A MEP client that gets no response within 500 ms sends the identical bytes again: the same
  sequence number and the same digest. The device may have executed the first sending and lost
  its answer on the way back, so it must not execute the request again: it answers either with
  the first response again or with 0x0C and its sequence number, as for any replay (PIXIT
  mep.retransmissionAnswers: both by default, as the MEP guide does not say which). The request
  is a BT07 write repeating its procedure sequence number, so a second execution shows.

  Background:
    Given a secured session with the advanced key

  Scenario: A request sent again byte for byte is answered with the first response or 0x0C, not executed again
    When the harness writes BT07 starting BP10 with a mask that sets nothing, then sends the very same bytes again
    Then the retransmission was answered as the PIXIT's mep.retransmissionAnswers allow
