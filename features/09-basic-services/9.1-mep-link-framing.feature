@mep @link @clause-9.1 @mandatory
Feature: 9.1 MEP link framing, alerts and response time, judged from the bytes on the wire
  On the MEP port a response is matched to its request by being the next frame the device sends:
  two length bytes (MSB first) counting the bytes that follow, then the protected response. The
  only other thing the device may send is the alert, 00 00, once a second while alerts pend, and
  only between frames. The response must begin within 500 ms of the request's last byte (PIXIT
  mep.responseTimeoutMs, plus mep.timingMarginMs for the bench). The harness's probe writes the
  requests itself and keeps every chunk the port hands over, with its time; a breach is observed a
  second time before it fails. Response time is only judged over a serial line or a pty.

  Scenario: Every response's length field counts exactly the bytes that follow it
    When the harness reads BT01 and the PIXIT's long read over the MEP link, recording every byte
    Then every response's length field counts exactly the bytes that follow it, and nothing but the alert arrives outside a frame

  Scenario: While alerts pend, the alert 00 00 comes between frames, never inside a response
    Given a secured session with the advanced key
    And the PIXIT names a table whose change is an interface change
    And the pending alert will be cleared after the scenario by a read of ET04
    When the client changes the interface definition
    And the harness reads BT01 and the PIXIT's long read over the MEP link, then listens for two alert intervals
    Then the device sent the alert 00 00 while alerts pend
    And every alert came between frames, never inside a response
    And every response's length field counts exactly the bytes that follow it, and nothing but the alert arrives outside a frame

  Scenario: Each response begins within the PIXIT's response time of the request
    Given the MEP link's timing can be judged on this bench
    When the harness reads BT01 and the PIXIT's long read over the MEP link, recording every byte
    Then each response began within the PIXIT's response time of the request's last byte
