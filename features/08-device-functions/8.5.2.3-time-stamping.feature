@optical @mep @plc @clause-8.5.2.3 @clause-8.5.2 @clause-8.5 @mandatory @provisional-layout-ET57
Feature: 8.5.2.3 Time stamping
  The M-Bus load-profile data are stamped in UTC (OSGP meters keep BT52 in UTC) at the end of each
  interval, on a whole multiple of the poll rate, as STIME_DATE: an M-Bus interval that closes at
  20:00 UTC ends a block stamped 20:00, not local time.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may write tables
    And the device declares what clause "8.5.2.3" needs
    And the device clock will be restored after the scenario

  Scenario: An M-Bus interval is stamped with its UTC end, and the meter readings only grow
    When the client sets the device clock shortly before the load-profile interval that ends at "2025-01-15 20:00:00"
    And the client waits until that interval has closed
    Then the newest block of data set 2 ends at that interval's end
    And the readings of data set 2's newest block never go down
