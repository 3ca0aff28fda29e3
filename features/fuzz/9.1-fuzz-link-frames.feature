@fuzz @optical @mep @plc @clause-9.1 @clause-9.2 @mandatory
Feature: 9.1 Fuzzing the links: malformed frames before a well-formed request
  Bytes written around the harness's own link machine: C12.18 packets with any header (lengths past
  the negotiated packet size, multi-packet bits, toggles), damaged or cut ones and line noise on the
  optical port; MEP frames whose length lies or exceeds 476, a client-sent alert and noise; CN/IP
  datagrams with lying headers or damaged 14908-1 PDUs on PLC (never network management). After
  each, once the line is quiet (and past the inter-character time-out when a frame was left
  unfinished), the next well-formed request must be answered, and answered right.

  Scenario: The saved counterexamples of link fuzzing replay without a finding
    When the saved fuzz fixtures of campaign "link-frames" are replayed
    Then none of them gives a finding

  Scenario: Link fuzzing within the PIXIT's budget finds nothing that reproduces
    When the fuzz campaign "link-frames" runs for the PIXIT's budget
    Then the campaign found nothing that reproduces
