@optical @mep @plc @clause-8.13 @optional @provisional-layout-ET31
Feature: 8.13 One-time reads
  The head end asks for a reading at a time of its choosing (ET31: a request id, a UTC time in
  whole minutes, what to read); the meter takes it once, when its clock reaches that time, and
  logs it with that time. A request for a time already past, or for nothing, is refused and
  changes nothing. PROVISIONAL: ET31's layout is the suite's own (the sources name the table
  only); the refusal codes are PIXIT mepMbus.refusedWrite.

  Background:
    Given the device has the optional feature "8.13"
    And a session that may write tables
    And the device clock will be restored after the scenario
    And the one-time read request will be cancelled after the scenario

  Scenario: A one-time read is taken once, at its time, and logged with it
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks for a one-time read of the energy registers at "2025-06-15 12:00:00"
    Then the write of ET31 was answered ok
    And ET31 says the request is "armed"
    When the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET31 logs the request executed once, at "2025-06-15 12:00:00"
    And ET31 says the request is "executed"
    When the client lets 1 second of device time pass
    Then ET31 logs the request executed once, at "2025-06-15 12:00:00"

  Scenario: A one-time read cancelled before its time is not taken
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks for a one-time read of the energy registers at "2025-06-15 12:00:00"
    And the client cancels the one-time read
    Then ET31 says the request is "cancelled"
    When the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET31 logs no execution of the request

  Scenario: A one-time read for a time already past is refused
    Given ET31 is recorded
    When the client sets the device clock with BP10 to "2025-06-15 12:00:30"
    And the client asks for a one-time read of the energy registers at "2025-06-15 12:00:00"
    Then the write of ET31 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And ET31 is as it was

  Scenario: A one-time read that asks for nothing is refused
    Given ET31 is recorded
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks for a one-time read of nothing at "2025-06-15 12:00:00"
    Then the write of ET31 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And ET31 is as it was
