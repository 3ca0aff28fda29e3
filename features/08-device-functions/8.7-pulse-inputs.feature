@optical @mep @plc @clause-8.7 @optional @provisional-layout-ET06
Feature: 8.7 Pulse inputs
  ET06 describes the pulse inputs: for each channel (byte 0 counts them) whether it counts, the unit
  and the weight of a pulse, written by the host, and the pulses counted and the value they make
  (the sum of the pulse weights), kept by the meter. The scenarios need pulses arriving on channel
  1 (on the built-in simulator a seeded pulse train always does): with none in the time they wait
  (nothing wired, a slow gas or water output) there is nothing to judge. PROVISIONAL: ET06's layout is the
  suite's own; refused values answer one of PIXIT control.rejectedValue.

  Background:
    Given the device has the optional feature "8.7"
    And a session that may write tables
    And the control table ET06 will be restored after the scenario

  Scenario: An enabled channel counts pulses, and each adds the pulse weight to its value
    When the client writes 7 to the control field "ET06.channel1.pulseWeight"
    Then the response code is ok
    When the client writes 1 to the control field "ET06.channel1.enabled"
    Then the response code is ok
    Given ET06 channel 1 is read
    When the meter runs for 2 device seconds
    Then ET06 channel 1 has counted pulses, each adding its pulse weight to its value

  Scenario: A disabled channel counts nothing
    When the client writes 0 to the control field "ET06.channel1.enabled"
    Then the response code is ok
    Given ET06 channel 1 is read
    When the meter runs for 2 device seconds
    Then ET06 channel 1 has counted no pulse

  Scenario: Channel settings in range are kept
    Then each of these control field values is kept:
      | field                      | value |
      | ET06.channel1.pulseWeight  | 10000 |
      | ET06.channel1.unit         | 2     |

  Scenario: Channel settings out of range are refused, and the fields keep their values
    Then each of these control field values is refused with one of the PIXIT's "control.rejectedValue" codes, leaving the field as it was:
      | field                      | value |
      | ET06.channel1.pulseWeight  | 0     |
      | ET06.channel1.pulseWeight  | 10001 |
      | ET06.channel1.enabled      | 2     |
      | ET06.channel1.unit         | 4     |

  Scenario: The pulse count is the meter's: a write changing it is refused
    When the client writes 12345 to the control field "ET06.channel1.pulseCount"
    Then the control write is refused with one of the PIXIT's "vci.refusedCodes" codes
