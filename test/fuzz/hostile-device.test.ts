import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunConfig } from "../../harness/conformance/run-config";
import { targetOver, type Target } from "../../harness/conformance/target";
import { runCampaign } from "../../harness/fuzz/campaign/campaign-runner";
import type { CampaignReport } from "../../harness/fuzz/campaign/campaign-report";
import { FuzzDevice } from "../../harness/fuzz/campaign/fuzz-device";
import { campaignNamed } from "../../harness/fuzz/campaigns/campaign-registry";
import { Redactor } from "../../harness/security/redactor";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import { createInProcessPair } from "../../harness/transport/in-process";
import { simConfig } from "./fuzz-test-targets";

/**
 * The harness survives a device that answers anything: garbage, nothing, a flood of noise, or
 * garbage after a while. The campaign ends with a verdict and every result it produced on disk;
 * nothing is thrown at the caller. Short link time-outs (a lab's PIXIT for a fast line) keep the
 * silent cases short.
 */
const config: RunConfig = simConfig("sim", {
  link: { ackTimeoutMs: 60, retries: 1 },
  session: { responseTimeoutMs: 150 },
});

function hostile(device: (end: ByteTransport) => void): (c: RunConfig) => Target {
  return (c) =>
    targetOver(c.target, {
      kind: "bytes",
      connect: async () => {
        const [client, end] = createInProcessPair("hostile device");
        device(end);
        return client;
      },
      close: async () => undefined,
    });
}

/** The reference meter's port behind `wrap`, which may change what the port writes. */
function meterBehind(wrap: (end: ByteTransport) => ByteTransport): (end: ByteTransport) => void {
  return (end) =>
    new OpticalPort(wrap(end), {
      meter: new ReferenceMeter({ profile: profileNamed("reference") }),
      keys: defaultOpticalKeys(),
      link: config.pixit.link,
      channelTrafficTimeoutMs: 6000,
    });
}

async function campaignAgainst(device: (end: ByteTransport) => void, budgetMs: number): Promise<CampaignReport> {
  const d = new FuzzDevice(config, new Redactor(), hostile(device));
  try {
    return await runCampaign(campaignNamed("table-reads"), d, {
      seed: 3,
      budgetMs,
      maxCases: 1_000_000,
      replay: null,
      reportsDir: mkdtempSync(join(tmpdir(), "osgp-hostile-")),
      targetText: "hostile",
      shrinkMs: 500,
    });
  } finally {
    await d.close();
  }
}

function recordsOf(r: CampaignReport): unknown[] {
  assert.ok(existsSync(join(r.dir, "summary.json")), "summary.json is written");
  return readFileSync(join(r.dir, "cases.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown);
}

test("a device that answers garbage: inconclusive, said so, and the summary is on disk", async () => {
  const r = await campaignAgainst(
    (end) =>
      end.setListener({
        data: () => void end.write(Uint8Array.from({ length: 24 }, (_, i) => (i * 73 + 5) & 0xff)),
        closed: () => undefined,
      }),
    2000,
  );
  assert.equal(r.verdict, "inconclusive");
  assert.match(r.reason, /could not start/);
  assert.deepEqual(recordsOf(r), []);
});

test("a device that answers nothing: inconclusive, not a hang of the harness", async () => {
  const r = await campaignAgainst((end) => end.setListener({ data: () => undefined, closed: () => undefined }), 2000);
  assert.equal(r.verdict, "inconclusive");
  assert.match(r.reason, /could not start.*(OSGP_ERR_NO_ACK|OSGP_ERR_RESPONSE_TIMEOUT)/);
});

test("a device that floods the line with noise between its answers: the campaign ends and keeps every case", async () => {
  const flood = (end: ByteTransport): ByteTransport => {
    const timer = setInterval(
      () => void end.write(Uint8Array.of(0x55, 0x00, 0x7f, 0x13)).catch(() => clearInterval(timer)),
      1,
    );
    return {
      ...end,
      description: end.description,
      write: (b) => end.write(b),
      setBaudRate: (x) => end.setBaudRate(x),
      close: () => (clearInterval(timer), end.close()),
      setListener: (l) => end.setListener({ data: l.data, closed: (e) => (clearInterval(timer), l.closed(e)) }),
    };
  };
  const r = await campaignAgainst(meterBehind(flood), 1500);
  assert.ok(["pass", "fail", "inconclusive"].includes(r.verdict), r.verdict);
  assert.equal(recordsOf(r).length, r.cases);
});

test("a device that turns to garbage after a while: the finding and every case before it are on disk", async () => {
  const saboteur = (end: ByteTransport): ByteTransport => {
    let writes = 0;
    return {
      description: end.description,
      setListener: (l) => end.setListener(l),
      setBaudRate: (x) => end.setBaudRate(x),
      close: () => end.close(),
      write: (b) => end.write(++writes > 60 ? b.map((x) => x ^ 0xa5) : b),
    };
  };
  const r = await campaignAgainst(meterBehind(saboteur), 3000);
  assert.notEqual(r.verdict, "pass");
  const records = recordsOf(r) as { finding: string | null }[];
  assert.equal(records.length, r.cases);
  assert.ok(records.some((x) => x.finding !== null));
});
