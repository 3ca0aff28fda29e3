@optical @mep @plc @clause-8.18 @optional @provisional-layout-ET11 @provisional-layout-ET13 @provisional-layout-ET14
Feature: 8.18 M-Bus device support
  The meter is the master of an M-Bus with gas, water and heat meters on it. ET11 sizes the M-Bus
  tables; ET13 says which device each channel holds (its primary and secondary address and its
  read schedule), ET14 how each device answers. PROVISIONAL: beyond the fields a client of real
  NES meters reads (ET11 @0-2/5/13, ET13 @0-5, ET14 handle/status/occupancy), the layouts are the
  suite's own (see the codecs' doc comments); the refusal codes are PIXIT mepMbus.refusedWrite.

  Background:
    Given the device has the optional feature "8.18"
    And a session that may read tables

  Scenario: ET14 shows exactly the devices ET13 installs
    Then ET14 agrees with ET13 about the installed devices

  Scenario: An installed device's ET13 entry written back as it is changes nothing
    Given a session that may write tables
    And the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    And the M-Bus state is recorded
    When the client writes that device's ET13 entry as it is
    Then the write of ET13 was answered ok
    And the M-Bus tables are as they were

  Scenario: An ET13 write giving a free channel an address already in use is refused
    Given a session that may write tables
    And the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    And the device has a free M-Bus channel
    And the M-Bus state is recorded
    When the client writes ET13 to install a device on the free channel at that device's address
    Then the write of ET13 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And the M-Bus tables are as they were

  Scenario: An ET13 write that cuts a channel's entry short is refused
    Given a session that may write tables
    And the M-Bus configuration will be restored after the scenario
    And an installed M-Bus device is chosen
    And the M-Bus state is recorded
    When the client writes all but the last byte of that device's ET13 entry
    Then the write of ET13 was refused with one of the PIXIT's mepMbus.refusedWrite codes
    And the M-Bus tables are as they were
