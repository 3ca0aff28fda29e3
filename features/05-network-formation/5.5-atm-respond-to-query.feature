@plc @clause-5.5 @optional
Feature: 5.5 ATM Respond to Query
  ATM Respond to Query is taken to be ISO/IEC 14908-1 NM Respond to Query (code 0x62, one data byte:
  1 on, 0 off; OSGP-REFERENCE clause 5, inferred), answered with the NM success code 0x22.

  Background:
    Given a secured session with the advanced key
    And the meter's Respond to Query is off, and turned off again after the scenario

  Scenario: Respond to Query on is confirmed
    When the client turns the meter's Respond to Query on
    Then the meter confirms Respond to Query

  Scenario: Respond to Query off is confirmed
    When the client turns the meter's Respond to Query off
    Then the meter confirms Respond to Query
