@fuzz @mep @plc @clause-9.10 @mandatory
Feature: 9.10 Fuzzing transactions
  ET52 images of read requests, well-formed and malformed: an entry whose length runs past the
  image, a size field smaller or larger than the content, a closing number that does not match,
  the response type written as a request, entries that are not requests, images cut short. Each
  write gets a code the PIXIT allows, a well-formed image leaves its numbered responses in ET53, and
  after every image a well-formed transaction still runs and reads BT01 right. Not applicable when
  the device does not declare ET52 and ET53.

  Scenario: The saved counterexamples of transaction fuzzing replay without a finding
    When the saved fuzz fixtures of campaign "transactions" are replayed
    Then none of them gives a finding

  Scenario: Transaction fuzzing within the PIXIT's budget finds nothing that reproduces
    When the fuzz campaign "transactions" runs for the PIXIT's budget
    Then the campaign found nothing that reproduces
