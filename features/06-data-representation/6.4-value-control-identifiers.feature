@optical @mep @plc @clause-6.4 @mandatory
Feature: 6.4 Value Control Identifiers (VCI)
  Every table field has a VCI: F fixed, M meter-controlled, H host-controlled, P program-ID
  dependent. The host writes H fields; F and M fields are not the host's to change, so a write that
  would change one is refused (PIXIT vci.refusedCodes, iar by default) and the field keeps its value.
  The fields come from the PIXIT (vci.fixed, vci.meter, vci.host) as 6.6 references; one in a table
  the device does not declare cannot be checked, and leaves the scenario inconclusive unless another
  field breaks the rule. An empty list leaves the scenario inconclusive, naming the item to fill in.

  Background:
    Given a session that may write tables

  Scenario: a write changing a fixed field is refused and changes nothing
    Then a write changing any of the PIXIT's fixed fields is refused with one of the PIXIT's VCI codes and changes nothing

  Scenario: a write changing a meter-controlled field is refused and changes nothing
    Then a write changing any of the PIXIT's meter-controlled fields is refused with one of the PIXIT's VCI codes and changes nothing

  Scenario: a write of its own value into a host-controlled field is accepted
    Then a write of its own value into each of the PIXIT's host fields is accepted
