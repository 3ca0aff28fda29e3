import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { PCAP_DIR, pcapPathFor } from "../../harness/report/pcap-paths";

test("reports/pcap/<target>/<feature>--<scenario>.pcap, lower case, runs of other characters as one hyphen, dots kept", () => {
  assert.equal(PCAP_DIR, "pcap");
  assert.equal(
    pcapPathFor("reports", "sim-plc", "features/plc/plc-link.feature", "9.1: A response with a wrong TN is ignored"),
    join("reports", "pcap", "sim-plc", "plc-link--9.1-a-response-with-a-wrong-tn-is-ignored.pcap"),
  );
  assert.equal(
    pcapPathFor("out", "plc:10.0.0.5:1628", "/abs/features/Clause 9 PLC.feature", "Read BT01 (table 1) over PLC!"),
    join("out", "pcap", "plc-10.0.0.5-1628", "clause-9-plc--read-bt01-table-1-over-plc.pcap"),
  );
  assert.equal(
    pcapPathFor("r", "sim-plc:reference+plc-no-duplicate-detection", "a.feature", "x"),
    join("r", "pcap", "sim-plc-reference-plc-no-duplicate-detection", "a--x.pcap"),
  );
});

test("a name with nothing safe left is 'unnamed'; leading and trailing separators go", () => {
  assert.equal(
    pcapPathFor("r", "???", "features/!!!.feature", "  --  "),
    join("r", "pcap", "unnamed", "unnamed--unnamed.pcap"),
  );
  assert.equal(
    pcapPathFor("r", "sim-plc", "f.feature", "  (draft) scenario  "),
    join("r", "pcap", "sim-plc", "f--draft-scenario.pcap"),
  );
});

test("each part is cut to 80 characters", () => {
  const path = pcapPathFor("r", "sim-plc", `${"a".repeat(100)}.feature`, "b".repeat(100));
  assert.equal(path, join("r", "pcap", "sim-plc", `${"a".repeat(80)}--${"b".repeat(80)}.pcap`));
});

test("slashes in a scenario name cannot climb out of the target's directory", () => {
  const path = pcapPathFor("reports", "sim-plc", "f.feature", "../../etc/passwd");
  assert.equal(dirname(path), join("reports", "pcap", "sim-plc"));
  assert.equal(path, join("reports", "pcap", "sim-plc", "f--..-..-etc-passwd.pcap"));
});
