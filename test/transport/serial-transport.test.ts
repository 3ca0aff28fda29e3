import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TransportError, LinkError } from "../../harness/errors";
import { openSerialTransport, type SerialSettings } from "../../harness/transport/serial";
import { OpticalSession } from "../../harness/session/optical-session";
import { SOCAT_SKIP, waitFor } from "../support/serial-bench";

const SETTINGS: Omit<SerialSettings, "path"> = {
  baudRate: 9600,
  dataBits: 8,
  parity: "none",
  stopBits: 1,
  openTimeoutMs: 2000,
  writeTimeoutMs: 1000,
};
const noSocat = SOCAT_SKIP;

async function ptyPair() {
  const dir = mkdtempSync(join(tmpdir(), "osgp-pty-"));
  const a = join(dir, "a");
  const b = join(dir, "b");
  const socat = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  await waitFor(() => existsSync(a) && existsSync(b), 5000, "socat");
  return { a, b, socat };
}

test("a missing port is an OSGP_ERR_PORT_OPEN TransportError, quickly", async () => {
  const t0 = performance.now();
  await assert.rejects(openSerialTransport({ ...SETTINGS, path: "/dev/osgp-no-such-port" }), (e: unknown) => {
    assert.ok(e instanceof TransportError);
    assert.equal(e.code, "OSGP_ERR_PORT_OPEN");
    assert.match(e.message, /osgp-no-such-port/);
    return true;
  });
  assert.ok(performance.now() - t0 < SETTINGS.openTimeoutMs + 500);
});

test(
  "an unplugged port is reported to the listener as OSGP_ERR_PORT_CLOSED, and writes fail typed",
  { skip: noSocat },
  async () => {
    const { b, socat } = await ptyPair();
    const t = await openSerialTransport({ ...SETTINGS, path: b });
    try {
      const closed = new Promise<TransportError | null>((resolve) =>
        t.setListener({ data: () => {}, closed: resolve }),
      );
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      socat.kill("SIGTERM");
      // The hang-up reaches the listener from the port's poller or, at the latest, from the next
      // write, which a session makes at once (a request, an ACK, a retransmission).
      const write = t.write(Uint8Array.of(0xee)).then(
        () => null,
        (e: unknown) => e,
      );
      const error = await closed;
      assert.ok(error instanceof TransportError);
      assert.equal(error.code, "OSGP_ERR_PORT_CLOSED");
      assert.ok(performance.now() - t0 < 2000, "the loss is noticed within two seconds");
      const w = await write;
      assert.ok(w === null || w instanceof TransportError, String(w));
      await assert.rejects(
        t.write(Uint8Array.of(0xee)),
        (e: unknown) => e instanceof TransportError && e.code === "OSGP_ERR_PORT_CLOSED",
      );
    } finally {
      await t.close();
    }
  },
);

test(
  "a silent device gives OSGP_ERR_NO_ACK after 1 + retries attempts, within the configured time",
  { skip: noSocat },
  async () => {
    const { b, socat } = await ptyPair();
    try {
      const link = { identity: 0, ackTimeoutMs: 150, interCharTimeoutMs: 100, retries: 2 };
      const session = new OpticalSession(await openSerialTransport({ ...SETTINGS, path: b }), {
        link,
        responseTimeoutMs: 300,
        wakeup: { byte: 0x55, count: 0, intervalMs: 0 },
        negotiate: { packetSize: 64, packetCount: 1, baudRate: null },
        logon: { userId: 0, user: "T" },
        minRequestIntervalMs: 0,
      });
      const t0 = performance.now();
      await assert.rejects(session.identify(), (e: unknown) => e instanceof LinkError && e.code === "OSGP_ERR_NO_ACK");
      const elapsed = performance.now() - t0;
      assert.ok(elapsed >= 3 * link.ackTimeoutMs - 20 && elapsed < 3 * link.ackTimeoutMs + 500, `${elapsed} ms`);
      const sent = session.trace.entries().filter((e) => e.direction === "tx" && e.kind === "packet");
      assert.equal(sent.length, 3, "first attempt and two retransmissions");
      assert.ok(
        sent.every((e) => e.hex === sent[0]?.hex),
        "retransmissions repeat the packet byte for byte",
      );
      await session.close();
    } finally {
      socat.kill("SIGTERM");
    }
  },
);
