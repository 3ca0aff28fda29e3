import { crc16X25 } from "../link/c1218/crc16-x25";
import { RESPONSE_CODE } from "../protocol/response-codes";
import type { ByteOrder } from "../bytes/cursor";
import {
  declaredTransactionSize,
  decodeTransaction,
  encodeTransaction,
  TRANSACTION_REQUESTS,
  TRANSACTION_RESPONSES,
} from "../protocol/transactions";

/**
 * Transactions (9.10) in the reference meter. ET52 is written (in one or several writes); once it
 * holds a complete request image, every request runs in order, with the access level of the
 * client that wrote the image, and ET53 takes the responses. A transaction whose number and image
 * are the same as the one executed last is not executed again (duplicate suppression: a client
 * may write the same transaction twice after a lost response).
 */
export const ET52_SIZE = 896;
export const ET53_SIZE = 1785;

export class TransactionEngine {
  readonly requests = new Uint8Array(ET52_SIZE);
  readonly responses = new Uint8Array(ET53_SIZE);
  private last: { number: number; crc: number } | null = null;
  private running = false;
  /** How many transactions have run: duplicates do not count (tests and scenarios read it back). */
  executed = 0;

  constructor(private readonly order: ByteOrder) {}

  /**
   * Applies a write to ET52 (offset and data already clipped to the table) and answers its response
   * code; `serve` runs one request APDU with the writer's access level.
   */
  write(offset: number, data: Uint8Array, serve: (apdu: Uint8Array) => Uint8Array, suppressDuplicates = true): number {
    if (this.running) return RESPONSE_CODE.iar;
    this.requests.set(data, offset);
    const t = decodeTransaction(this.requests, this.order);
    if (!t.ok || t.value.type !== TRANSACTION_REQUESTS) return RESPONSE_CODE.ok;
    const size = declaredTransactionSize(this.requests, this.order);
    const crc = crc16X25(this.requests, 0, size);
    if (suppressDuplicates && this.last !== null && this.last.number === t.value.number && this.last.crc === crc)
      return RESPONSE_CODE.ok;
    this.running = true;
    try {
      const entries = t.value.entries.map((apdu) => serve(apdu));
      const image = encodeTransaction({ type: TRANSACTION_RESPONSES, number: t.value.number, entries }, this.order);
      this.responses.fill(0);
      if (image.length <= ET53_SIZE) this.responses.set(image);
      else
        this.responses.set(
          encodeTransaction(
            {
              type: TRANSACTION_RESPONSES,
              number: t.value.number,
              entries: entries.map(() => Uint8Array.of(RESPONSE_CODE.rno)),
            },
            this.order,
          ),
        );
      this.last = { number: t.value.number, crc };
      this.executed++;
    } finally {
      this.running = false;
    }
    return RESPONSE_CODE.ok;
  }
}
