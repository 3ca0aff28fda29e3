@optical @clause-7.0 @mandatory @fresh-session
Feature: 7.0 Access control on the optical port
  The key given to the security service sets what a session may do. The master key (MK) may do
  everything the hardware lock (7.5) leaves; the provisioning key (PK) what the master key may, but
  read or write the tables holding keys or write firmware download (the guide's rule is ambiguous:
  PIXIT access.provisioning says how the device reads it); the reader key (RK) may read every table
  but those holding keys, calibration or download information, and write none; a session with no
  key, or after a wrong password, may read the open tables only (BT00, BT01, ET03 on NES meters).
  Each scenario sweeps every table BT00 declares with one role: a one-byte read of each, a write of
  its own content where BT00 says it is writeable, and a BT07 write starting a procedure that
  changes nothing (PIXIT access.harmlessProcedure). What each may get comes from those rules and
  the PIXIT; every answer that breaks them is listed.

  Scenario: A session with no key reads only the open tables, writes nothing and runs no procedure
    When a session with no key sweeps every table BT00 declares
    Then every answer is the one the access rules give it

  Scenario: A session after a wrong password has no more access than one with no key
    When a session after a wrong password sweeps every table BT00 declares
    Then every answer is the one the access rules give it

  Scenario: The reader key reads all but the key, calibration and download tables, and writes nothing
    When the reader key sweeps every table BT00 declares
    Then every answer is the one the access rules give it

  Scenario: The provisioning key may do what the PIXIT's reading of its rule allows, and no more
    When the provisioning key sweeps every table BT00 declares
    Then every answer is the one the access rules give it

  Scenario: The master key may read and write every table and run procedures, but for the hardware lock
    When the master key sweeps every table BT00 declares
    Then every answer is the one the access rules give it
