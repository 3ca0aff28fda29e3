import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { runConfig } from "../../harness/conformance/run-config";
import { runCampaign } from "../../harness/fuzz/campaign/campaign-runner";
import { newFuzzDevice } from "../../harness/fuzz/campaign/fuzz-run";
import { campaignNamed } from "../../harness/fuzz/campaigns/campaign-registry";
import { selfFuzzTargets, type SelfFuzzCase } from "../../harness/fuzz/self/self-fuzz-targets";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../../harness/protocol/table-requests";
import { SECURED_TABLE_CODEC } from "../../harness/session/secured-session";

/**
 * Fuzzing speed: decoder cases per second (goal >= 100 k/s), both the decoders alone on
 * inputs generated beforehand and the self-fuzz as it runs (fast-check generation and the oracle
 * included); exchanges per second against the in-process simulator (goal >= 5 k/s), for bare
 * request/response on each link and for a campaign with its health checks.
 */
function line(name: string, perSec: number, goal: string): void {
  console.log(`  ${name.padEnd(56)} ${Math.round(perSec).toLocaleString("en").padStart(12)} /s   ${goal}`);
}

/** Decoder rates with stack capture off, as the self-fuzz workers run (a DecodeError's stack is never read there). */
export function decoderRates(): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    measureDecoders();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function measureDecoders(): void {
  const { targets } = selfFuzzTargets();
  const decoders = targets.filter((t) => !/#[A-Z]/.test(t.id));
  const samples = decoders.map((t) => ({ t, cases: fc.sample(t.arb, { numRuns: 500, seed: 11 }) as SelfFuzzCase[] }));
  const seen = () => undefined;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1500) {
    for (const { t, cases } of samples) for (const c of cases) t.check(c, seen);
    n += samples.length * 500;
  }
  line(
    `${decoders.length} decoders on fuzzed input (decoder + oracle)`,
    n / ((performance.now() - t0) / 1000),
    "(goal >= 100,000)",
  );
  const one = decoders.find((t) => t.id.endsWith("#decodeTableRequest")) ?? (decoders[0] as (typeof decoders)[number]);
  const runs = 50_000;
  const t1 = performance.now();
  fc.assert(
    fc.property(one.arb, (c) => one.check(c, seen) === null),
    { numRuns: runs, seed: 11 },
  );
  line(
    `self-fuzz as npm run fuzz:self runs it (${one.id.split("#")[1]})`,
    runs / ((performance.now() - t1) / 1000),
    "(one worker; fast-check generates each input)",
  );
}

async function bareExchanges(target: string, ms = 1500): Promise<void> {
  const device = newFuzzDevice(runConfig(target, null));
  try {
    const s = await device.session("master");
    const request = encodeTableRequest(
      { service: "partial-read", tableId: 1, offset: 0, count: 24 },
      s.secured === null ? C1218_TABLE_CODEC : SECURED_TABLE_CODEC,
    );
    for (let i = 0; i < 200; i++) await s.client.requestRaw(request);
    let n = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      for (let i = 0; i < 100; i++) await s.client.requestRaw(request);
      n += 100;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    line(
      `exchanges, ${target} (partial read of BT01)`,
      n / seconds,
      `(goal >= 5,000; cpu ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms each)`,
    );
  } finally {
    await device.close();
  }
}

async function campaignExchanges(target: string, name: string, exchangesPerCase: number): Promise<void> {
  const device = newFuzzDevice(runConfig(target, null));
  try {
    const r = await runCampaign(campaignNamed(name), device, {
      seed: 5,
      budgetMs: 2000,
      maxCases: 10_000_000,
      replay: null,
      reportsDir: mkdtempSync(join(tmpdir(), "osgp-fuzz-bench-")),
      targetText: target,
    });
    const perSec = r.cases / (r.elapsedMs / 1000);
    line(
      `campaign ${name}, ${target}: ${Math.round(perSec)} cases/s x ${exchangesPerCase} exchanges`,
      perSec * exchangesPerCase,
      `(goal >= 5,000; ${r.verdict})`,
    );
  } finally {
    await device.close();
  }
}

export async function fuzzBench(): Promise<void> {
  console.log("fuzzing");
  await bareExchanges("sim");
  await bareExchanges("sim-mep");
  await bareExchanges("sim-plc");
  // A read case is the request and the health check's read of BT01.
  await campaignExchanges("sim", "table-reads", 2);
  await campaignExchanges("sim-mep", "security-envelopes", 3);
  decoderRates();
}
