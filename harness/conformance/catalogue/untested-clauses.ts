/**
 * Leaf clauses of the table of contents that no scenario tests, each with the reason a lab can
 * read: not a requirement on the device, not observable from outside it, or not knowable without
 * the clause's text (which the project does not have, as the README's PIXIT section says).
 * The clause-coverage test fails for a leaf clause with neither scenarios nor a reason here, and
 * for a reason that a scenario has made stale.
 */
const NOT_A_REQUIREMENT = "front matter: no requirement on a device";
const FOREWORD = "foreword: introduces its clause; the requirements are tested under the sibling clauses";

export const UNTESTED_CLAUSES: Readonly<Record<string, string>> = {
  "1": NOT_A_REQUIREMENT,
  "2.1": NOT_A_REQUIREMENT,
  "2.2": NOT_A_REQUIREMENT,
  "3.1": NOT_A_REQUIREMENT,
  "3.2": NOT_A_REQUIREMENT,
  "3.3": NOT_A_REQUIREMENT,
  "5.0": FOREWORD,
  "5.2":
    "the discovery domain is the PLC network's own addressing during commissioning: observable only on a live PLC segment with a data concentrator, and its message layout is not public (README, clause 5)",
  "5.3":
    "the ADD proxy message is exchanged between data concentrators and repeaters; a meter's part in it is not observable from the harness's single gateway, and its layout is not public",
  "5.6":
    "signal strength values are measured by the PLC transceiver; their encoding is not public and the CN/IP gateway does not report them",
  "5.7": "examples: informative",
  "5.8.1": "the Fast Commission Message's layout is not public; no observable behaviour can be checked without it",
  "5.8.2": "the Fast Commission Message's layout is not public; no observable behaviour can be checked without it",
  "8.1": "general description of clause 8: the functions are tested under 8.2-8.19",
  "8.5.0": FOREWORD,
  "8.5.2.0": FOREWORD,
  "8.9.0": FOREWORD,
  "8.10.0": FOREWORD,
  "8.10.1.0": FOREWORD,
  "8.11.0": FOREWORD,
  "8.12.0": FOREWORD,
  "8.12.1.0": FOREWORD,
  "8.12.1.2.0": FOREWORD,
  "8.15.0": FOREWORD,
  "8.15.1.0": FOREWORD,
  "8.17.0": FOREWORD,
  "8.17.1.0": FOREWORD,
  "8.17.2.0": FOREWORD,
  "8.18.0": FOREWORD,
  "8.18.1.0": FOREWORD,
  "9.0": "the APDU model: every service scenario of 9.1-9.13 checks it",
  "9.8": "an example APDU: informative; the codecs' known-answer tests use it",
  "9.12":
    "the firmware download protocol (tables, block sizes, MAC) is not public (the MEP guide has only fragments of it); the simulator does not model it and PICS item 9.12 lets a lab declare it",
  "9.13.0": FOREWORD,
  "A.3":
    "BT02's layout (the C12.19 electric nameplate: meter constants, element configuration, voltage and current classes) is not in our reference, and the OSGP meters we know do not declare BT02; that a declared BT02 can be read is checked by A.1's sweep of every declared table",
};
