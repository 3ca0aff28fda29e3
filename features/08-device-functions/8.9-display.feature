@optical @mep @plc @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET62 @provisional-layout-ET67 @provisional-layout-ET77
Feature: 8.9 Display
  ET67 lists the sources the display can show and sizes the display tables (entries per list,
  scheduled message slots); ET07 holds the display configuration of 8.9.1-8.9.9, ET77 the secondary
  display list, ET62 the load-profile display. PROVISIONAL: these layouts are the suite's own (see
  the codecs); refused values answer one of PIXIT control.rejectedValue.

  Background:
    Given the device has the optional feature "8.9"
    And a session that may write tables

  Scenario: ET67 lists each display source once, with a non-zero id
    Then ET67 lists distinct source ids, none of them 0

  Scenario: ET07 and ET77 have the sizes ET67's dimensions give
    Then ET07 and ET77 are as long as ET67's dimensions give

  Scenario: Load-profile display settings in range are kept
    Given the control table ET62 will be restored after the scenario
    Then each of these control field values is kept:
      | field                     | value |
      | ET62.channel1.enabled     | 1     |
      | ET62.channel1.intervals   | 48    |
      | ET62.channel1.decimals    | 3     |

  Scenario: Load-profile display settings out of range are refused, and the fields keep their values
    Given the control table ET62 will be restored after the scenario
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                     | value |
      | ET62.channel1.intervals   | 0     |
      | ET62.channel1.intervals   | 97    |
      | ET62.channel1.decimals    | 4     |
      | ET62.channel1.enabled     | 2     |
