@optical @mep @plc @clause-8.10.1.2 @clause-8.10.1 @clause-8.10 @optional @provisional-layout-ET09 @provisional-layout-ET30 @provisional-layout-ET54 @provisional-layout-ET55
Feature: 8.10.1.2 Changing the device's maximum current level threshold
  ET30 holds the maximum phase current (0.01 A); with the current chosen in ET55 (8.10.1.3), a load
  whose highest phase current stays above it for ET30's duration opens the contactor. The
  thresholds are placed against the bench's own load, read from ET09. PROVISIONAL: the layouts are
  the suite's own.

  Background:
    Given the device has the optional feature "8.10"
    And a session that may write tables
    And the device clock will be restored after the scenario
    And the bench load imports power
    And the contactor will be put back as it was after the scenario
    And the contactor is closed
    And the present load is read from ET09

  Scenario: A current above the threshold for its duration opens the contactor
    When the client limits the phase current to 0.5 times the present highest current for 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the contactor opened by loadLimit

  Scenario: A current below the threshold leaves the contactor closed
    When the client limits the phase current to 4 times the present highest current for 1 second
    And the meter runs for 2 device seconds
    Then ET54 shows the contactor closed
