@optical @mep @plc @clause-8.10.1.1 @clause-8.10.1 @clause-8.10 @optional @provisional-layout-ET09 @provisional-layout-ET30 @provisional-layout-ET54 @provisional-layout-ET55
Feature: 8.10.1.1 Changing the device's maximum power level threshold
  ET30 holds the maximum import power (W) and how long it may be exceeded; when the load stays above
  it that long, the contactor opens. The scenarios place the threshold against the bench's own load,
  read from ET09 (PIXIT control.loadImportsAt says when the bench load imports), and put the
  contactor back afterwards. PROVISIONAL: the layouts of ET30, ET54 and ET55 are the suite's own.

  Background:
    Given the device has the optional feature "8.10"
    And a session that may write tables
    And the device clock will be restored after the scenario
    And the bench load imports power
    And the contactor will be put back as it was after the scenario
    And the contactor is closed
    And the present load is read from ET09

  Scenario: A load above the power threshold for its duration opens the contactor
    When the client limits the import power to 0.5 times the present power for 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the contactor opened by loadLimit
    And ET54 shows the "loadLimitTrip" alarm latched but no longer raised

  Scenario: A load below the power threshold leaves the contactor closed
    When the client limits the import power to 4 times the present power for 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the contactor closed
