@optical @mep @plc @clause-8.14 @optional @provisional-layout-ET18 @provisional-layout-ET31
Feature: 8.14 Group broadcasts
  A request broadcast to a group is carried out by the meters in that group and ignored by the
  others; every meter is in the all-meters group (0xFFFF). What a meter does with one is seen in
  its tables: the groups it is in (ET18) and the one-time read the request asks for (ET31, whose
  group id field addresses it). The broadcast framing and key are 9.11's, not tested here.
  PROVISIONAL: ET18 (table number and layout) and ET31's group id are the suite's own choices.

  Background:
    Given the device has the optional feature "8.14"
    And a session that may write tables
    And the device has the optional feature "8.13"
    And ET18 will be restored after the scenario

  Scenario: A group written into ET18 is read back
    When the client writes a group the meter is not in into a free slot of ET18
    Then the write of ET18 was answered ok
    And ET18 holds that group in that slot

  Scenario: ET18 refuses the all-meters group in a slot
    Given ET18 is recorded
    When the client writes the all-meters group into a free slot of ET18
    Then the write of ET18 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And ET18 is as it was before the write

  Scenario: ET18 refuses a group twice
    Given the meter is made a member of a group it was not in
    And ET18 is recorded
    When the client writes that group into another free slot of ET18
    Then the write of ET18 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And ET18 is as it was before the write

  Scenario: A one-time read addressed to a group the meter is in is taken
    Given the meter is made a member of a group it was not in
    And the device clock will be restored after the scenario
    And the one-time read request will be cancelled after the scenario
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks the group for a one-time read of the energy registers at "2025-06-15 12:00:00"
    Then ET31 says the request is "armed"
    When the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET31 logs the request executed once, at "2025-06-15 12:00:00"

  Scenario: A one-time read addressed to a group the meter is not in is ignored
    Given a group the meter is not in is chosen
    And the device clock will be restored after the scenario
    And the one-time read request will be cancelled after the scenario
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks the group for a one-time read of the energy registers at "2025-06-15 12:00:00"
    Then ET31 says the request is "ignored"
    And ET31 logs the request as ignored
    When the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET31 logs no execution of the request

  Scenario: A one-time read addressed to all meters is taken
    Given the device clock will be restored after the scenario
    And the one-time read request will be cancelled after the scenario
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks all meters for a one-time read of the energy registers at "2025-06-15 12:00:00"
    And the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET31 logs the request executed once, at "2025-06-15 12:00:00"
