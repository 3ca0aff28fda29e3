@optical @mep @plc @clause-8.2.2 @clause-8.2 @optional @provisional-layout-ET48 @provisional-layout-BT55
Feature: 8.2.2 Over power threshold tariff
  While the power drawn is above a threshold, energy goes to a designated tier instead of the
  calendar's. PROVISIONAL: the settings table and its layout are ours (ET48, et48-over-power-tariff.ts:
  enabled, tier, threshold in W, status, measured average power), and BT55's tier drive 2 is our
  reading of "over-power tariff". The scenarios need a load on the meter (the simulator has one).

  Background:
    Given the device has the optional feature "8.2.2"
    And a session that may write tables
    And the device declares what clause "8.2.2" needs
    And the device clock will be restored after the scenario
    And the device's calendar will be restored after the scenario
    And ET48 will be restored after the scenario
    And a calendar is written with tier 0 all day
    And the device clock is set to "2025-06-11 19:00:00" local time

  Scenario: above the threshold the designated tier is in force, and the energy is registered in it
    When the client sets the over-power tariff to tier 1 above 0 W
    Then the response code is ok
    When the client waits 1 device second
    Then ET48 has measured an average power above 0 W
    And ET48 says the over-power tier is in force
    And BT55 shows tier 1 driven by the over-power
    Given BT23's tier registers are read
    When the client waits 3 device seconds
    Then of BT23's tier registers only tier 1's have grown

  Scenario: below the threshold the calendar's tier is in force again
    When the client sets the over-power tariff to tier 1 above 0 W
    And the client waits 1 device second
    And the client sets the over-power tariff to tier 1 above 4000000000 W
    And the client waits 1 device second
    Then ET48 says the over-power tier is not in force
    And BT55 shows tier 0 driven by the calendar

  Scenario: a disabled over-power tariff leaves the calendar's tier
    When the client sets the over-power tariff to tier 1 above 0 W
    And the client disables the over-power tariff
    Then the response code is ok
    When the client waits 1 device second
    Then BT55 shows tier 0 driven by the calendar

  Scenario Outline: settings the device cannot take are refused and change nothing
    When the client writes ET48 with enabled <enabled> and tier <tier>
    Then the response code is one of those of PIXIT item "tou.refusedCodes"
    And ET48 still holds its settings from before

    Examples:
      | enabled | tier |
      | 2       | 0    |
      | 1       | 9    |
