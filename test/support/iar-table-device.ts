import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import type { ReadResponse, WriteResponse } from "../../harness/protocol/table-responses";
import type { TableClient } from "../../harness/session/table-client";

/** ok, as ReadResponse types it. */
const OK = 0x00;

/** How the made-up device answers what it does not serve. */
export interface IarDeviceAnswers {
  /** To a read of a table it does not have. */
  readonly absent: number;
  /** Per table, the code it answers a partial read with, whatever the table holds. */
  readonly refusals?: ReadonlyMap<number, number>;
  /** To a write: a code, or undefined when the test writes nothing (a write rejects). */
  readonly writes?: number;
}

/**
 * A table client over table images given by hand, answering as a C12.19 device does: iar to a
 * partial read past a table's end, so that an empty table refuses even its first byte, and
 * `absent` to a table it does not have. Every read request is logged as "full ID" or
 * "partial ID OFFSET COUNT". (fake-table-device.ts pads or shortens such reads instead.)
 */
export function iarTableDevice(
  images: ReadonlyMap<number, Uint8Array>,
  answers: IarDeviceAnswers,
): TableClient & { readonly requests: string[] } {
  const requests: string[] = [];
  const write = (): Promise<WriteResponse> =>
    answers.writes === undefined ? Promise.reject(new Error("not used")) : Promise.resolve({ code: answers.writes });
  return {
    codec: { checksum: false },
    maxReadChunk: 64,
    lastResponse: null,
    requests,
    requestRaw: () => Promise.reject(new Error("not used")),
    readFull(t) {
      requests.push(`full ${t}`);
      const image = images.get(t);
      return Promise.resolve<ReadResponse>(image === undefined ? { code: answers.absent } : { code: OK, data: image });
    },
    readPartial(t, offset, count) {
      requests.push(`partial ${t} ${offset} ${count}`);
      const image = images.get(t);
      const code =
        answers.refusals?.get(t) ??
        (image === undefined ? answers.absent : offset + count > image.length ? RESPONSE_CODE.iar : OK);
      return Promise.resolve<ReadResponse>(
        code === OK && image !== undefined ? { code: OK, data: image.slice(offset, offset + count) } : { code },
      );
    },
    writeFull: write,
    writePartial: write,
  };
}
