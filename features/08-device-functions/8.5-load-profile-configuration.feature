@optical @mep @plc @clause-8.5 @mandatory @provisional-layout-ET21 @provisional-layout-ET66 @provisional-layout-ET75
Feature: 8.5 Load profile configuration
  Data set 1's interval length, its channels' sources and the unread-entries alarm threshold are
  configured in ET21; ET66 says what each source measures; ET75 logs each reconfiguration. The
  three layouts are NES's and not public: the suite reads them as its PROVISIONAL codecs describe.
  A new interval length restarts data set 1, as a reconfiguration does on any meter: run this on a
  bench meter whose load profile may be lost. ET21 is written back after each scenario.

  Background:
    Given a session that may write tables
    And the device declares what clause "8.5" needs
    And ET21 is saved and will be restored after the scenario

  Scenario: ET21 agrees with BT61 and with ET66
    Then ET21 gives BT61's interval length and names sources that ET66 lists

  Scenario: A new interval length is applied and logged to ET75
    When the client changes data set 1's interval length in ET21
    Then the device accepts the write
    And BT61 gives the new interval length
    And ET75's newest entry records that change

  Scenario Outline: An interval length of <minutes> minutes, which does not divide an hour, is refused
    When the client writes an interval length of <minutes> minutes to ET21
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET21 reads back as saved before the refused write

    Examples:
      | minutes |
      | 0       |
      | 7       |
      | 90      |

  Scenario: A write that covers only one byte of a two-byte field is refused
    When the client writes one byte of ET21's two-byte alarm threshold
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET21 reads back as saved before the refused write

  Scenario: A channel source that ET66 does not list is refused
    When the client writes a channel source that ET66 does not list to ET21
    Then the device refuses the write with one of the PIXIT's refused-write codes
    And ET21 reads back as saved before the refused write
