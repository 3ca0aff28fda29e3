@optical @mep @plc @clause-8.18.1 @clause-8.18 @optional @provisional-layout-ET11 @provisional-layout-ET13 @provisional-layout-ET15 @provisional-layout-ET31 @provisional-layout-ET45
Feature: 8.18.1 Billing data collection from M-Bus devices
  The meter reads its M-Bus devices on demand (EP19), on the schedule of ET13, and once at a time
  the head end asks (ET31); each billing read lands in ET16 with its UTC time, and a scheduled one
  also in the recurring read log ET45. A read that a power outage breaks off is retried when power
  returns; a scheduled read the outage made the meter miss is taken then, flagged as late. Power
  cuts are the simulator's bench (PIXIT mepMbus.simulatorBench), timed to strike as the next M-Bus
  read starts; elsewhere those scenarios are inconclusive. PROVISIONAL: EP19's parameters, ET15 and the late flag of ET45 are the suite's own.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may write tables

  @clause-8.18.1.1
  Scenario: An on-demand read puts a fresh reading of the device in ET16
    Given an installed M-Bus device is chosen
    When the client posts an on-demand read of that device with EP19
    Then BT08 showed the call accepted right after the BT07 write
    And the procedure result is "completed"
    And ET15 shows that read "done" after 1 attempt
    And ET16 holds a reading of that device taken during the request

  @clause-8.18.1.1
  Scenario: A later on-demand read gives a newer reading that has not gone back
    Given an installed M-Bus device is chosen
    When the client posts an on-demand read of that device with EP19
    And the client keeps that device's reading
    And the client lets 1 second of device time pass
    And the client posts an on-demand read of that device with EP19
    Then that device's reading has not gone back and is newer than the kept one

  @clause-8.18.1.1
  Scenario: EP19 for a channel the meter does not have is refused and changes nothing
    Given the M-Bus state is recorded
    When the client runs EP19 for the channel after ET11's last
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results
    And the M-Bus tables are as they were

  @clause-8.18.1.1
  Scenario: EP19 for a channel without a device is refused and changes nothing
    Given the device has a free M-Bus channel
    And the M-Bus state is recorded
    When the client runs EP19 for the free channel
    Then the procedure was refused with one of the PIXIT's mepMbus.badRequest results
    And the M-Bus tables are as they were

  @clause-8.18.1.2
  Scenario: A device scheduled hourly is read at its minute
    Given the device clock will be restored after the scenario
    And the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    When the client schedules that device hourly at minute 0 in ET13
    And the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET45's newest read of that device was taken at "2025-06-15 12:00:00"

  @clause-8.18.1.2
  Scenario: A schedule with an hour out of range is refused
    Given the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    And the M-Bus state is recorded
    When the client writes that device's ET13 entry with the hour 24
    Then the write of ET13 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And the M-Bus tables are as they were

  @clause-8.18.1.3
  Scenario: A one-time read of an M-Bus device reads it at the time asked
    Given the device has the optional feature "8.13"
    And the device clock will be restored after the scenario
    And the one-time read request will be cancelled after the scenario
    And an installed M-Bus device is chosen
    When the client sets the device clock with BP10 to "2025-06-15 11:50:00"
    And the client asks for a one-time read of that device at "2025-06-15 12:00:00"
    And the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the client lets 1 second of device time pass
    Then ET31 logs that device's counter as ET16 read it at "2025-06-15 12:00:00"

  @clause-8.18.1.4
  Scenario: An on-demand read a power outage interrupts is retried when power returns
    Given the simulator's bench may be used
    And an installed M-Bus device is chosen
    And the bench will cut the power for 1 device second when the next M-Bus read starts
    When the client posts an on-demand read of that device with EP19 without waiting
    Then ET15 shows that read "interrupted" after 1 attempt
    When the client waits for that on-demand read to finish
    Then ET15 shows that read "done" after 2 attempts
    And ET16 holds a reading of that device taken after the power returned

  @clause-8.18.1.4
  Scenario: A scheduled read missed during a power outage is taken when power returns, flagged late
    Given the simulator's bench may be used
    And the device clock will be restored after the scenario
    And the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    When the client schedules that device hourly at minute 0 in ET13
    And the client sets the device clock with BP10 to "2025-06-15 11:59:59"
    And the bench will cut the power for 1 device second when the next M-Bus read starts
    And the client lets 2 seconds of device time pass
    Then ET45's newest read of that device was taken late, after "2025-06-15 12:00:00"
