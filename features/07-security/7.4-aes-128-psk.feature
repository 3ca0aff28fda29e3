@mep @clause-7.4 @optional @fresh-session
Feature: 7.4 OSGP-AES-128-PSK security suite
  ET04 offset 127 holds the security mode (0 RC4, 2 AES-128); ET54 offset 90 the modes the device
  supports and offsets 82 and 86 its unicast and broadcast key-usage counts; ET04 offset 123 the
  most uses a key may see. Once in AES mode the device refuses RC4-protected messages. The AES
  framing itself is not public: scenarios that speak it use the harness's PROVISIONAL profile, and
  their reports say so.

  Background:
    Given the device has the optional feature "7.4"
    And a secured session with the advanced key
    And the device declares what clause "7.4" needs

  Scenario: ET04 names a security mode that ET54 says the device supports
    Then ET04's security mode is one that ET54 lists as supported

  Scenario: Each protected message counts against the unicast key
    Given ET54's unicast key-usage count is read
    When the client reads BT01 3 times
    Then ET54's unicast key-usage count has grown by at least 3
    And it is below ET04's maximum key usage

  Scenario: In AES mode, an RC4-protected request is refused with 0x0B
    Given the device has the optional feature "7.4/aes-mode"
    When the client sends a read of BT01 protected with OSGP-RC4-PSK and the advanced key
    Then the device answers 0x0B, the code alone and unencrypted

  @provisional
  Scenario: In AES mode, a request under the provisional AES-128 profile is served
    Given the device has the optional feature "7.4/aes-mode"
    And a secured session with the advanced key under the provisional AES-128 profile
    When the client reads BT01
    Then the device's answer verifies and its code is ok
