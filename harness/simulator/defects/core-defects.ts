import type { DefectInfo } from "./defect-info";

/** The defects of the basic services (clause 9), security (clause 7), the links and BT00/BT01 (Annex A). */
export const CORE_DEFECTS = {
  "bad-response-crc": { clause: "9.1", what: "every packet the meter sends carries a wrong CRC-16" },
  "unknown-table-wrong-code": {
    clause: "9.3",
    what: "a read of a table the meter does not have is answered with err (0x01) instead of onp/iar",
  },
  "bad-read-checksum": { clause: "9.3", what: "read responses carry a wrong C12.18 data checksum" },
  "full-read-truncated": { clause: "9.3", what: "a full read returns the table without its last byte" },
  "accepts-bad-write-checksum": {
    clause: "9.4",
    what: "a write whose data checksum is wrong is applied and answered ok",
  },
  "write-surplus-refused": {
    clause: "9.4",
    what: "a full write longer than the table is refused with onp instead of the surplus being ignored",
  },
  "reader-can-write": { clause: "9.4", what: "the read-only key (RK) may write tables" },
  "partial-read-off-by-one": { clause: "9.5", what: "a partial read returns the data from offset + 1" },
  "no-zero-padding": {
    clause: "9.5",
    what: "a partial read past the end of a table is refused with onp instead of padded with zeros",
  },
  "partial-write-wrong-offset": { clause: "9.6", what: "a partial write lands one byte after the offset asked" },
  "unknown-service-wrong-code": {
    clause: "9.9",
    what: "an unknown service code is answered with err (0x01) instead of sns (0x02)",
  },
  "error-response-with-data": { clause: "9.9", what: "error responses carry a stray data byte after the code" },
  "stale-bt08-sequence": {
    clause: "9.13",
    what: "BT08 echoes the previous procedure sequence number instead of the one just written",
  },
  "procedure-bad-parameters-accepted": {
    clause: "9.13",
    what: "BP10 with an impossible date is answered 'completed' instead of 'invalid parameter'",
  },
  "repeated-psn-accepted": {
    clause: "9.13",
    what: "a BT07 write repeating the previous procedure sequence number is accepted",
  },
  "procedure-never-completes": { clause: "9.13.2", what: "EP16 stays 'accepted, not completed' for ever" },
  "ignores-hardware-lock": {
    clause: "7.5",
    what: "tables and procedures under the hardware lock can be used with the master key",
  },
  "hardware-lock-wrong-code": {
    clause: "7.5",
    what: "access blocked by the hardware lock is answered with err (0x01) instead of isc (0x03)",
  },
  "clock-frozen": { clause: "8.3", what: "BT52 does not advance" },
  "bp10-ignores-date": { clause: "8.3.1", what: "BP10 sets the time of day but keeps the old date" },
  "clock-delta-sign": { clause: "8.3.2", what: "EP16 moves the clock by minus the delta asked" },
  "bt00-bitmap-lies": { clause: "A.1", what: "BT00 declares a table (BT05) that the meter does not have" },
  "bt00-wrong-write-bitmap": {
    clause: "A.1",
    what: "BT00 marks ET03 not writeable although the meter accepts writes to it",
  },
  "bt00-data-order-lies": {
    clause: "A.1",
    what: "BT00 declares the other data order than the one its tables and procedures use (MSB first on the reference profile)",
  },
  "bt01-serial-not-bcd": { clause: "A.2", what: "the BT01 serial number holds a nibble above 9 while BT00 says BCD" },
  "replay-accepted": {
    clause: "9.7",
    what: "a request that repeats the last accepted sequence number is served again",
    link: "mep",
  },
  "sequence-window-unbounded": {
    clause: "9.7",
    what: "any sequence number above the last accepted one is accepted, however far ahead",
    link: "mep",
  },
  "sequence-error-without-number": {
    clause: "9.7",
    what: "the 0x0C response does not carry the device's sequence number",
    link: "mep",
  },
  "digest-not-checked": { clause: "7.2", what: "a request whose digest does not verify is served anyway", link: "mep" },
  "digest-key-bytes-swapped": {
    clause: "7.2",
    what: "the meter's digest uses its keys with each pair of bytes swapped, so correct requests fail",
    link: "mep",
  },
  "basic-key-full-access": {
    clause: "7.2",
    what: "a request verified by the basic key (MBK) gets the advanced key's (MAK) access",
    link: "mep",
  },
  "auth-failure-digested": {
    clause: "7.3",
    what: "the 0x0B response carries a digest instead of being the code alone, unencrypted",
    link: "mep",
  },
  "response-not-encrypted": { clause: "7.3", what: "responses to encrypted requests are sent in clear", link: "mep" },
  "aes-mode-accepts-rc4": {
    clause: "7.4",
    what: "in AES-128 mode, RC4-protected requests are still served",
    link: "mep",
    profile: "aes",
  },
  "key-usage-not-counted": {
    clause: "7.4",
    what: "ET54's unicast key-usage count does not grow with protected messages",
    link: "mep",
  },
  "ica-no-sequence-jump": {
    clause: "6.8",
    what: "an interface change does not move the sequence number on by 25",
    link: "mep",
  },
  "ica-idt-version-unchanged": {
    clause: "6.8",
    what: "an interface change leaves ET04's IDT version as it was",
    link: "mep",
  },
  "transaction-duplicate-executed": {
    clause: "9.10",
    what: "the same transaction written twice is executed twice",
    link: "mep",
  },
  "plc-wrong-transaction-number": {
    clause: "9.1",
    what: "PLC responses carry the request's transaction number + 1 (mod 16) instead of the request's own",
    link: "plc",
  },
  "plc-no-duplicate-detection": {
    clause: "4",
    what: "a retried PLC request (same source, transaction number and APDU within the receive timer) is executed again instead of answered with the saved response",
    link: "plc",
  },
  "plc-oversize-response": {
    clause: "9.2",
    what: "the meter ignores the 114-byte PLC limit and serves reads with responses of any length",
    link: "plc",
  },
  "plc-query-id-ignores-selection": {
    clause: "5.4",
    what: "Query ID 'selected' is answered even while Respond to Query is off",
    link: "plc",
  },
} as const satisfies Record<string, DefectInfo>;
