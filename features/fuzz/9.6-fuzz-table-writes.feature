@fuzz @optical @mep @plc @clause-9.6 @clause-9.4 @clause-9.9 @mandatory
Feature: 9.6 Fuzzing full and partial table writes
  Write requests to the PIXIT's scratch area (inside it, just past the end of its table, with
  offset + count across 0xffff and beyond 16 bits), to tables BT00 says are not writeable and to
  tables the device does not declare, well-formed and damaged (cut short, stray bytes, a wrong data
  checksum, a count larger or smaller than the data). After each write the scratch table and the
  static tables (fuzz.staticTables) are read back: a refused write changed nothing, an accepted one
  changed exactly its bytes and nothing past the end (9.0). The scratch area is put back at the end.

  Scenario: The saved counterexamples of write fuzzing replay without a finding
    When the saved fuzz fixtures of campaign "table-writes" are replayed
    Then none of them gives a finding

  Scenario: Write fuzzing within the PIXIT's budget finds nothing that reproduces
    When the fuzz campaign "table-writes" runs for the PIXIT's budget
    Then the campaign found nothing that reproduces
