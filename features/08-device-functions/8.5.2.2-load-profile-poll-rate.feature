@optical @mep @plc @clause-8.5.2.2 @clause-8.5.2 @clause-8.5 @mandatory @provisional-layout-ET57
Feature: 8.5.2.2 Load profile poll rate
  The meter polls its M-Bus devices for the load profile every poll rate (ET57, PROVISIONAL
  layout): the M-Bus data set's intervals close on whole multiples of it. A poll rate must divide a
  day; any other, and a write that changes the channel descriptions (the meter's own), is refused
  and changes nothing. ET57 is written back after each scenario, which restarts data set 2 when the
  poll rate was changed.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may write tables
    And the device declares what clause "8.5.2.2" needs
    And ET57 is saved and will be restored after the scenario

  Scenario: A new poll rate is the one the M-Bus channels are sampled at
    Given the device clock will be restored after the scenario
    When the client writes an M-Bus poll rate of 15 minutes to ET57
    Then the device accepts the write
    And BT61 gives data set 2 an interval of 15 minutes
    When the client sets the device clock shortly before the load-profile interval that ends at "2025-01-15 19:45:00"
    And the client waits until that interval has closed
    Then the newest block of data set 2 ends at that interval's end

  Scenario Outline: A poll rate of <minutes> minutes is refused
    When the client writes an M-Bus poll rate of <minutes> minutes to ET57
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET57 reads back as saved before the refused write

    Examples:
      | minutes |
      | 0       |
      | 7       |

  Scenario: A write that changes a channel's description is refused
    When the client writes ET57 with its first channel's description changed
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET57 reads back as saved before the refused write
