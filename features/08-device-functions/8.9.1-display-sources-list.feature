@optical @mep @plc @clause-8.9.1 @clause-8.9 @optional @provisional-layout-ET07 @provisional-layout-ET67 @provisional-layout-ET77
Feature: 8.9.1 Display sources list
  The display scrolls through a list of sources (ET07's primary list; ET77's secondary list, shown
  on demand), each entry a source id of ET67. A list naming a source ET67 does not offer, or more
  entries than the list has room for, is refused and the list stays as it was. PROVISIONAL: the
  layouts are the suite's own.

  Background:
    Given the device has the optional feature "8.9.1"
    And a session that may write tables
    And the control table ET07 will be restored after the scenario
    And the control table ET77 will be restored after the scenario

  Scenario Outline: The <list> display list takes source ids of ET67
    When the client writes the <list> display list with the first 3 source ids of ET67
    Then the response code is ok
    And the display tables hold what was written

    Examples:
      | list      |
      | primary   |
      | secondary |

  Scenario Outline: The <list> display list refuses a source id ET67 does not list
    When the client writes the <list> display list with a source id ET67 does not list
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the display tables are as they were before the write

    Examples:
      | list      |
      | primary   |
      | secondary |

  Scenario: The primary display list refuses more entries than it has room for
    When the client writes the primary display list with a count one above its length
    Then the control write is refused with one of the PIXIT's "control.rejectedValue" codes
    And the display tables are as they were before the write
