@optical @mep @plc @clause-8.17.2 @clause-8.17 @optional @provisional-layout-ET45 @provisional-layout-ET50 @provisional-layout-ET51 @provisional-layout-ET59 @provisional-layout-ET74
Feature: 8.17.2 MEP device: uplink data transfer
  The MEP device answers the meter's scheduled read requests (ET51's interval) and the head end's
  on-demand requests, and posts data of its own: non-urgent, urgent, or alarms only. It stages
  data in ET50 and posts it with EP39; the meter logs every posting in ET74 (and a scheduled read
  response in ET45 too), with the device's alarms, an urgent flag for urgent data, and no data for
  an alarms-only posting. The postings of 8.17.2.3-8.17.2.5 are made by the client acting as the
  MEP device (PICS option 8.17/uplink-from-client); the device's alarms are set on the simulator's
  bench. PROVISIONAL: EP39's kinds, ET50, ET74, ET51 @9 and the MEP entries of ET45 are the
  suite's own layouts.

  Background:
    Given the device has the optional feature "8.17"
    And a session that may write tables

  @clause-8.17.2.1
  Scenario: The MEP device answers a scheduled read request
    Given the MEP configuration will be restored after the scenario
    And the device clock will be restored after the scenario
    When the client sets the MEP device's scheduled read interval to 1 minute in ET51
    Then the write of ET51 was answered ok
    When the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET45's newest MEP reading was received at "2025-06-15 12:00:00"

  @clause-8.17.2.1
  Scenario: The MEP device answers a scheduled read request with its alarms
    Given the simulator's bench may be used
    And the bench sets the MEP device's alarms to 5
    And the MEP configuration will be restored after the scenario
    And the device clock will be restored after the scenario
    When the client sets the MEP device's scheduled read interval to 1 minute in ET51
    And the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET45's newest MEP reading was received at "2025-06-15 12:00:00"

  @clause-8.17.2.2
  Scenario: The MEP device's answer to an on-demand request is logged
    When the client posts the on-demand request "01" for the MEP device with EP39
    And the client waits until the MEP device has taken the request, at most ET51's on-demand timeout
    Then ET74 holds the MEP device's answer to that request, with data
    And ET59 shows the MEP device's EP39 completed

  @clause-8.17.2.2
  Scenario: The MEP device's answer to an on-demand request carries its alarms
    Given the simulator's bench may be used
    And the bench sets the MEP device's alarms to 9
    When the client posts the on-demand request "01" for the MEP device with EP39
    And the client waits until the MEP device has taken the request, at most ET51's on-demand timeout
    Then ET74 holds the MEP device's answer to that request, with data

  @clause-8.17.2.3
  Scenario Outline: Unsolicited non-urgent data is logged as posted (alarms <alarms>)
    Given the device has the optional feature "8.17/uplink-from-client"
    And ET50 will be restored after the scenario
    When the client stages "11 22 33 44 55" in ET50
    And the client posts ET50's data as "unsolicited non-urgent data" with alarms <alarms>
    Then the procedure result is "completed"
    And ET74's posting of that sequence number is what was posted

    Examples:
      | alarms |
      | 0      |
      | 2      |

  @clause-8.17.2.4
  Scenario: Urgent data is logged flagged urgent, and counted
    Given the device has the optional feature "8.17/uplink-from-client"
    And ET50 will be restored after the scenario
    And ET74 is recorded
    When the client stages "aa bb cc" in ET50
    And the client posts ET50's data as "urgent data" with alarms 0
    Then the procedure result is "completed"
    And ET74's posting of that sequence number is what was posted
    And ET74 counts one more urgent posting

  @clause-8.17.2.5
  Scenario: An alarms-only posting carries the alarms and no data
    Given the device has the optional feature "8.17/uplink-from-client"
    And ET50 will be restored after the scenario
    When the client stages "de ad be ef" in ET50
    And the client posts ET50's data as "alarms only" with alarms 16
    Then the procedure result is "completed"
    And ET74's posting of that sequence number is what was posted

  @clause-8.17.2.5
  Scenario: An alarms-only posting without alarms is refused
    Given the device has the optional feature "8.17/uplink-from-client"
    And ET74 is recorded
    When the client posts ET50's data as "alarms only" with alarms 0
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results
    And ET74 holds no posting after the recorded ones
