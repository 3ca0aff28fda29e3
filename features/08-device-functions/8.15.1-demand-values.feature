@optical @mep @plc @clause-8.15.1 @clause-8.15 @optional @provisional-layout-ET40 @provisional-layout-ET41
Feature: 8.15.1 Demand values
  The demand values of C12.19: the present demand of the interval in progress (BT28, with the time
  remaining), the previous demand of the interval that ended (ET40), the maximum demand since the
  last reset with its time and coincident values, the cumulative and continuous cumulative demand
  (BT23); the demand reset (BP09) that moves the maxima into the cumulative demands, copies them
  into BT25 and logs them in ET41; (re)initialisation and reconfiguration through ET40. Each
  scenario lets one interval end (the clock set just before its end), so it checks every value
  that interval shows; each names the sub-clauses it tests.

  Background:
    Given the device has the optional feature "8.15.1"
    And a session that may write tables
    And the device clock will be restored after the scenario
    And the demand calculation runs on the PIXIT's test interval

  @clause-8.15.1.1 @clause-8.15.1.2
  Scenario: When an interval ends its demand becomes the previous demand, and the present demand starts again
    Given the device clock is set a little before the end of a demand interval at the PIXIT's load time
    When the client reads the present demands
    And the demand interval has ended
    Then ET40 names that interval's end and holds its demand as the previous demand
    And the present demand holds only the part of the new interval
    And BT28's time remaining counts down to the next interval end

  @clause-8.15.1.3 @clause-8.15.1.4 @clause-8.15.1.6
  Scenario: After a demand reset the first interval's demand is the maximum, with its time and coincident values
    Given the device clock is set a little before the end of a demand interval at the PIXIT's load time
    And the demands have been reset with BP09
    When the demand interval has ended
    Then each maximum demand in BT23 is that interval's demand, stamped with its time
    And each coincident value in BT23 is its source's demand in that interval
    And in BT23 each continuous cumulative demand is the cumulative demand plus the maximum

  @clause-8.15.1.5 @clause-8.15.1.7 @clause-8.15.1.8
  Scenario: A demand reset moves each maximum into the cumulative demand, keeps it in BT25 and ET41, and clears it
    Given a maximum demand has been recorded, and a demand interval has just ended
    When the client reads ET41's list header
    And the client reads BT23 block by block
    And the client runs BP09 to reset the demands
    Then the procedure result is "completed"
    And every maximum demand in BT23 is zero, and no demand interval ended since the maxima were read
    And BT25 holds the maxima that were reset, stamped with the time of the reset
    And BT23 counts one more demand reset
    And ET41 has one more entry, recording the reset
    And each cumulative demand in BT23 grew by the maximum that was reset

  @clause-8.15.1.9
  Scenario: Restarting the demand calculation forgets the interval before
    Given the device clock is set a little before the end of a demand interval at the PIXIT's load time
    And the demand interval has ended
    When the client restarts the demand calculation by writing ET40's configuration
    Then ET40 shows a calculation started at the write, with no interval and no previous demand behind it

  @clause-8.15.1.10
  Scenario: A new interval length takes effect at once
    When the client writes ET40 with another interval length
    And the device clock is set a little before an end of the old interval that the new one does not have
    And the demand interval has ended
    Then the ET40 write was answered ok and ET40 holds the new configuration
    And ET40 shows a calculation started at the write, with no interval and no previous demand behind it
    And BT28's time remaining is within the new interval
