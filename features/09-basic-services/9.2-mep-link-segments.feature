@mep @link @clause-9.2 @mandatory
Feature: 9.2 MEP link: long responses come in segments of at most 117 bytes
  A MEP device writes a response frame longer than 117 bytes (PIXIT mep.segmentSize) in segments
  of at most that size, 25 ms apart, and inside a frame never leaves the line quiet for more than
  50 ms (mep.interByteTimeoutMs), or the client gives the frame up. Only arrival times on a line
  show this: the scenario is not applicable in process, and over a pty it is judged from the time
  each chunk arrived (a silence of mep.segmentGapMinMs or more ends a segment).

  Scenario: A long response comes in segments with gaps, and no silence inside it exceeds the inter-byte time
    Given the MEP link's timing can be judged on this bench
    When the harness reads BT01 and the PIXIT's long read over the MEP link, recording every byte
    Then every response longer than the PIXIT's segment size came in segments of at most that size, with gaps between them
    And inside every response no silence exceeded the PIXIT's inter-byte time
