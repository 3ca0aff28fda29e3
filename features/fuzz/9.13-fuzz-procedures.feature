@fuzz @optical @mep @plc @clause-9.13 @mandatory
Feature: 9.13 Fuzzing procedure invocation
  BT07 writes naming procedures the device does not declare (no real procedure runs), with every
  response selector including the reserved ones, parameters up to what one write carries, a
  sequence number repeating the last accepted one, images shorter than their header, and partial
  writes of BT07. The write gets a code the PIXIT allows; a refused or malformed call, or one not
  to be posted, leaves BT08 as it was; a posted one shows this procedure, selector and sequence
  number in BT08 with a result from expect.unknownProcedure.

  Scenario: The saved counterexamples of procedure fuzzing replay without a finding
    When the saved fuzz fixtures of campaign "procedures" are replayed
    Then none of them gives a finding

  Scenario: Procedure fuzzing within the PIXIT's budget finds nothing that reproduces
    When the fuzz campaign "procedures" runs for the PIXIT's budget
    Then the campaign found nothing that reproduces
