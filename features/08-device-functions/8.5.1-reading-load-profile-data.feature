@optical @mep @plc @clause-8.5.1 @clause-8.5 @mandatory
Feature: 8.5.1 Reading load profile data
  The load profile is read as C12.19 lays it out: BT61 gives each data set's blocks, intervals and
  channels, BT62 their sources and interval format, BT63 the newest block and how many intervals it
  holds, BT64 the blocks, each stamped with the end of its newest interval. To see an interval
  close, the clock is set a few seconds before a boundary (PIXIT records.leadSeconds) at an hour
  with household load, and put back afterwards.

  Background:
    Given a session that may write tables
    And the device declares what clause "8.5.1" needs

  Scenario: The dimension, control and status tables agree with each other
    Then BT60, BT61, BT62 and BT63 agree with each other

  Scenario: Every valid block ends on a boundary of the interval length
    Then every valid block of data set 1 decodes with its end time on an interval boundary

  Scenario: An interval closes on its boundary, flagged by the clock set before it, and the block-end readings follow
    Given the device clock will be restored after the scenario
    When the client sets the device clock shortly before the load-profile interval that ends at "2025-01-15 20:00:00"
    And the client waits until that interval has closed
    Then the newest block of data set 1 ends at that interval's end
    And one of data set 1's last two intervals carries a clock-set flag
    And data set 1's block-end readings add up over its newest two blocks
