import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pacedTransport } from "../../harness/transport/paced-transport";
import { openSerialTransport, type SerialSettings } from "../../harness/transport/serial";
import { SOCAT_SKIP, waitFor } from "../support/serial-bench";

const SETTINGS: Omit<SerialSettings, "path"> = {
  baudRate: 9600,
  dataBits: 8,
  parity: "none",
  stopBits: 1,
  openTimeoutMs: 2000,
  writeTimeoutMs: 1000,
};

/**
 * ANSI C12.18: the rate a negotiate grants applies once its response is acknowledged, so the
 * client may send its next request at the new rate right after its ACK. The line-rate simulator
 * (simulate --line-rate) switches on that ACK; whatever the client sends from then on must reach
 * the meter. Here the far end of a socat pty writes without pause while the paced end switches
 * its rate back and forth: every byte must arrive, in order.
 */
test(
  "a paced port that changes its rate loses none of the bytes the far end sends meanwhile",
  { skip: SOCAT_SKIP },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "osgp-rate-switch-"));
    const meterEnd = join(dir, "meter");
    const clientEnd = join(dir, "client");
    const socat = spawn("socat", [`pty,raw,echo=0,link=${meterEnd}`, `pty,raw,echo=0,link=${clientEnd}`], {
      stdio: "ignore",
    });
    try {
      await waitFor(() => existsSync(meterEnd) && existsSync(clientEnd), 5000, "socat");
      const meter = pacedTransport(await openSerialTransport({ ...SETTINGS, path: meterEnd }), 9600);
      const client = await openSerialTransport({ ...SETTINGS, path: clientEnd });
      const heard: number[] = [];
      meter.setListener({ data: (c) => heard.push(...c), closed: () => undefined });
      client.setListener({ data: () => undefined, closed: () => undefined });
      try {
        const sent: number[] = [];
        let writing = true;
        const writer = (async () => {
          for (let i = 0; writing; i++) {
            await client.write(Uint8Array.of(i & 0xff));
            sent.push(i & 0xff);
            await new Promise((r) => setImmediate(r));
          }
        })();
        for (const rate of [57600, 9600, 57600, 9600, 57600, 9600, 57600, 9600, 57600, 9600]) {
          await new Promise((r) => setTimeout(r, 3));
          await meter.setBaudRate(rate);
        }
        writing = false;
        await writer;
        await waitFor(() => heard.length >= sent.length, 10000, "the paced end to hear every byte").catch(
          () => undefined,
        );
        assert.equal(heard.length, sent.length, `${sent.length - heard.length} byte(s) of ${sent.length} lost`);
        assert.deepEqual(heard, sent);
      } finally {
        await client.close();
        await meter.close();
      }
    } finally {
      socat.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
