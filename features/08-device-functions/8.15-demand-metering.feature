@optical @mep @plc @clause-8.15 @optional @provisional-layout-ET40 @provisional-layout-ET41
Feature: 8.15 Demand metering
  ET40 configures the demand calculation (interval length, sub-intervals, sources) and shows its
  state; ET41 logs the demand resets. Both layouts are the harness's PROVISIONAL ones (NES's are
  not public); the demands themselves are in BT23 and BT28 (C12.19), dimensioned by BT21.

  Background:
    Given the device has the optional feature "8.15"
    And a session that may write tables

  Scenario: ET40 holds a usable configuration that agrees with BT21, BT22 and BT27
    Then ET40 holds a usable configuration for BT21's demands, with BT22's and BT27's sources

  Scenario: ET41's list header is within its capacity, and its entries are numbered in order
    Then ET41's list header is within its capacity, with BT21's number of demands
    And ET41's valid entries are numbered down from its last sequence number

  Scenario Outline: An ET40 write the device cannot use (<change>) is refused and changes nothing
    Given ET40's configuration will be restored after the scenario
    When the client writes ET40's configuration with <change>
    Then the ET40 write is answered with one of the PIXIT's billing.demand.refusedConfiguration codes
    And ET40's configuration is as it was

    Examples:
      | change                                  |
      | an interval of 7 minutes                |
      | as many sub-intervals as minutes plus 1 |
      | its first source twice                  |
      | source 200                              |
      | one demand more                         |
