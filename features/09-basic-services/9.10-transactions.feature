@mep @plc @clause-9.10 @mandatory
Feature: 9.10 Transactions
  A transaction is a batch of requests written into ET52 and executed at once when its closing
  number matches its opening one; ET53 holds the responses, read as the guide says (its first 5
  bytes, then the size they give). A transaction whose number and content match the one executed
  last is not executed again, so that a client may resend after a lost answer.

  Background:
    Given the device has the optional feature "9.10"
    And a secured session with the advanced key
    And the device declares what clause "9.10" needs
    And the scratch area's content is saved and will be restored

  Scenario: A transaction's responses are read back from ET53, one per request, in order
    When the client runs a transaction that reads 4 bytes of BT01 and the first 8 bytes of the scratch area
    Then ET53 holds the responses of that transaction, numbered as it was
    And each response equals the same read made on its own

  Scenario: The same transaction written again is not executed again
    When the client runs a transaction that writes a test pattern to the scratch area
    And the client writes another test pattern to the scratch area
    And the client writes the same transaction into ET52 again
    Then the scratch area holds the second test pattern

  @clause-7.0
  Scenario: The requests of a transaction run with the access of the key that wrote it
    Given a secured session with the basic key
    When the client runs a transaction that writes a test pattern to the scratch area
    Then the transaction's write was refused with one of the PIXIT's "insufficientKey" codes
    And the scratch area still holds its saved content
