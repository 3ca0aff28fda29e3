import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname } from "node:path";
import { MAX_UDP_PAYLOAD, pcapHeader, pcapRecord } from "./pcap-writer";

/**
 * A pcap file written as the run goes: the header when it is created, then each datagram appended
 * at once, so a capture survives a run that is killed half-way and Wireshark can open it while the
 * run is still going.
 */
export interface PcapDatagram {
  readonly timestampMs: number;
  readonly from: { readonly address: string; readonly port: number };
  readonly to: { readonly address: string; readonly port: number };
  readonly bytes: Uint8Array;
}

export class PcapFile {
  records = 0;
  /** Datagrams too long for one pcap record (beyond what any CN/IP packet can be), or lost to a failed write. */
  unrecorded = 0;
  /** Why the last datagram could not be written, when one could not. */
  lastError: string | null = null;

  readonly path: string;

  /** A file that exists already (a scenario outline's rows share a name; parallel workers) gets -2, -3... */
  constructor(wanted: string) {
    mkdirSync(dirname(wanted), { recursive: true });
    const ext = extname(wanted);
    for (let n = 1; ; n++) {
      const path = n === 1 ? wanted : `${wanted.slice(0, wanted.length - ext.length)}-${n}${ext}`;
      try {
        writeFileSync(path, pcapHeader(), { flag: "wx" });
        this.path = path;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
  }

  /**
   * Never throws: it runs on the receive path of a socket, where a throw would end the process, and
   * a capture that fails (disk full, directory removed) must not stop the run; the session's trace
   * still holds every byte.
   */
  add(d: PcapDatagram): void {
    if (d.bytes.length > MAX_UDP_PAYLOAD) {
      this.unrecorded++;
      return;
    }
    try {
      appendFileSync(
        this.path,
        pcapRecord({
          timestampMs: d.timestampMs,
          srcIp: d.from.address,
          dstIp: d.to.address,
          srcPort: d.from.port,
          dstPort: d.to.port,
          payload: d.bytes,
          ipId: this.records & 0xffff,
        }),
      );
      this.records++;
    } catch (e) {
      this.unrecorded++;
      this.lastError = (e as Error).message;
    }
  }
}
