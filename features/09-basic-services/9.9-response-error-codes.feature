@optical @mep @plc @clause-9.9 @mandatory @fresh-session
Feature: 9.9 Response error codes
  Every response starts with one of the codes of 9.9. An error response (0x01 to 0x0A on the
  optical port) is the code alone: it carries no data.

  Scenario: A service code that C12.18 does not define is answered "service not supported"
    Given a session that may read tables
    When the client sends the request "2f"
    Then the response code is one of the PIXIT's "unknownService" codes
    And the response carries no data

  Scenario: A table service before logon is answered "invalid service sequence state"
    Given the link has logon and security services
    And a session that is identified but not logged on
    When the client reads BT00 in full
    Then the response code is one of the PIXIT's "outOfSequence" codes
    And the response carries no data

  @clause-7.0
  Scenario: The security service refuses a wrong password, and no key level is granted
    Given the link has logon and security services
    And a session logged on without a password
    When the client sends the security service with a wrong password
    Then the response code is one of the PIXIT's "wrongPassword" codes
    And the response carries no data
    And a write of the scratch table's own content is refused with one of the PIXIT's "insufficientKey" codes

  Scenario: A request cut short is refused without data
    Given a session that may read tables
    When the client sends the request "3f 00 01 00"
    Then the response code is an error code of 9.9
    And the response carries no data
