@optical @mep @plc @clause-6.6 @mandatory
Feature: 6.6 Register naming convention
  Fields are named by table, byte offset and bit: "BT21.6" is byte 6 of BT21, "ET55.104.2" bit 2 of
  byte 104 of ET55. The suite names fields that way (the PIXIT's VCI items do), so a reference must
  land on the field the table's layout puts there. (The phase names L1, L2, L3, L1L2L3 label
  registers in documents and have no bytes to check.)

  Background:
    Given a session that may read tables

  Scenario Outline: a byte read by its reference is the field BT00's layout puts there
    Then the field "<reference>" holds BT00's <field>

    Examples:
      | reference | field            |
      | BT00.13   | dimStdTablesUsed |
      | BT00.14   | dimMfgTablesUsed |
      | BT00.17   | dimMfgStatusUsed |
      | BT00.18   | nbrPending       |

  Scenario: a bit read by its reference is the bit BT00's layout puts there (its data order bit)
    Then the field "BT00.0.0" holds BT00's data order bit
