@fuzz @mep @plc @clause-7.2 @clause-7.3 @clause-9.7 @mandatory
Feature: 7.2 Fuzzing the secured envelope
  Protected requests (reads of BT01, writes of the scratch area), plain or encrypted, attacked: one
  bit flipped in the APDU or ciphertext, the sequence number or the digest; the frame cut short or
  extended; a served request replayed byte for byte; sequence numbers at and around the edges of
  the device's window; keys the device does not hold; the basic key asking to write. Tampered
  frames and foreign keys get the 0x0B frame, the code alone; replays and numbers outside the window
  get a 0x0C that verifies and carries the device's number; numbers inside the window are served;
  the basic key is refused with expect.insufficientKey; a write not served changes nothing.

  Scenario: The saved counterexamples of envelope fuzzing replay without a finding
    When the saved fuzz fixtures of campaign "security-envelopes" are replayed
    Then none of them gives a finding

  Scenario: Envelope fuzzing within the PIXIT's budget finds nothing that reproduces
    When the fuzz campaign "security-envelopes" runs for the PIXIT's budget
    Then the campaign found nothing that reproduces
