@fuzz @optical @mep @clause-9.7 @clause-9.9 @mandatory
Feature: 9.7 Model-based fuzzing of the session state machine
  fast-check generates sequences of up to 12 commands (fc.commands) and a model predicts each
  answer from the PIXIT and BT00. Optical port: identification, negotiation, logon, security with
  the master, read-only or a wrong key, reads of open, keyed and master-only tables, scratch writes
  and read-backs, procedure calls with fresh and repeated sequence numbers, logoff and terminate, in
  any order (isss out of sequence, isc for a level too low). MEP: key changes between MAK and MBK,
  reads, writes, procedures, sequence numbers stepped around the window, foreign keys. A failing
  sequence is shrunk to the fewest commands that still fail.

  Scenario: The saved counterexamples of the session model replay without a finding
    When the saved fuzz fixtures of campaign "session-model" are replayed
    Then none of them gives a finding

  Scenario: Model-based session fuzzing within the PIXIT's budget finds nothing that reproduces
    When the fuzz campaign "session-model" runs for the PIXIT's budget
    Then the campaign found nothing that reproduces
