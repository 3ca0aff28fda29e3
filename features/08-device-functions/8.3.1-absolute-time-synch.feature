@optical @mep @plc @clause-8.3.1 @clause-8.3 @mandatory
Feature: 8.3.1 Absolute time synch
  BP10 sets the date, the time of day, or both. The new time is read back from BT52.

  Background:
    Given a session that may write tables
    And the device declares what clause "8.3.1" needs
    And the device clock will be restored after the scenario

  Scenario Outline: BP10 sets date and time, and BT52 then reads the time set
    When the client sets the device clock with BP10 to "<time>"
    Then the procedure result is "completed"
    And the device clock reads "<time>"

    Examples:
      | time                |
      | 2025-06-15 12:00:00 |
      | 2028-02-29 23:59:30 |
      | 2030-12-31 23:59:50 |

  Scenario: BP10 setting only the time of day keeps the date
    Given the device clock is read
    When the client sets only the time of day with BP10 to "04:05:06"
    Then the procedure result is "completed"
    And the device clock reads the date it had with the time "04:05:06"

  Scenario: BP10 setting only the date keeps the time of day
    Given the device clock is read
    When the client sets only the date with BP10 to "2027-03-04"
    Then the procedure result is "completed"
    And the device clock reads the date "2027-03-04" with the time of day it had
