import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { Inconclusive } from "../../conformance/verdicts";
import { describeResponseCode, RESPONSE_CODE } from "../../protocol/response-codes";
import { encodeTableRequest } from "../../protocol/table-requests";
import { decodeReadResponse } from "../../protocol/table-responses";
import { isTableUsed } from "../../protocol/tables/bt00-general-configuration";
import { BT01 } from "../../protocol/tables/bt01-manufacturer-identification";
import {
  declaredTransactionSize,
  ET52,
  ET53,
  decodeTransaction,
  TRANSACTION_HEADER_SIZE,
  TRANSACTION_RESPONSES,
} from "../../protocol/transactions";
import { arbTransactionCase, type TransactionCase, type TransactionSpace } from "../arbitraries/transaction-images";
import { NotApplicable, type Campaign } from "../campaign/campaign";
import type { FuzzDevice } from "../campaign/fuzz-device";
import { maxWriteChunk, readDeviceFacts, type DeviceFacts } from "./device-facts";

/**
 * Transactions (9.10) under fuzzing on the secured links: each malformed or well-formed ET52 image
 * is written in one piece; its write gets a code the PIXIT allows; a well-formed one leaves its
 * responses in ET53, numbered as it was; and after every image a well-formed transaction (a read
 * of BT01's first bytes) must still run and answer what BT01 holds: an image must never leave the
 * transaction engine unable to run the next one.
 */
interface TransactionContext {
  readonly facts: DeviceFacts;
  readonly space: TransactionSpace;
  readonly bt01: Uint8Array;
}

const PROBE_BYTES = 4;

async function secured(device: FuzzDevice) {
  const s = (await device.session("master")).secured;
  if (s === null) throw new Inconclusive("transactions are fuzzed on a secured link (MEP, PLC) only");
  return s;
}

export const transactionCampaign: Campaign<TransactionContext, TransactionCase> = {
  name: "transactions",
  title:
    "ET52 images with overlong entries, lying sizes, wrong numbers and malformed entries; a well-formed transaction after each",
  clauses: ["9.10"],
  links: ["mep", "plc"],
  role: "master",
  async prepare(device) {
    const session = await device.session("master");
    const facts = await readDeviceFacts(session, device.pixit);
    if (!isTableUsed(facts.config, ET52) || !isTableUsed(facts.config, ET53))
      throw new NotApplicable("the device does not declare ET52 and ET53 (no transactions)");
    const bt01 = await session.client.readPartial(BT01, 0, PROBE_BYTES);
    if (!("data" in bt01)) throw new Inconclusive(`BT01 could not be read: ${describeResponseCode(bt01.code)}`);
    const readable = facts.declared.filter((id) => id !== ET52 && id !== ET53);
    return {
      facts,
      bt01: bt01.data,
      space: {
        codec: facts.codec,
        order: facts.config.dataOrder,
        readable: readable.length > 0 ? readable : [BT01],
        maxImage: maxWriteChunk(session),
      },
    };
  },
  arbitrary: (ctx) => arbTransactionCase(ctx.space),
  async run(c, ctx, device, log) {
    const s = await secured(device);
    const apdu = encodeTableRequest(
      { service: "partial-write", tableId: ET52, offset: 0, data: c.image },
      ctx.facts.codec,
    );
    const response = await s.requestRaw(apdu);
    log.exchange(`${c.anomaly} image`, apdu, response);
    const code = response[0] ?? -1;
    const allowed = c.anomaly === "valid" ? [RESPONSE_CODE.ok] : ctx.facts.codes.transactionWrite;
    if (!allowed.includes(code))
      return `an ET52 image (${c.anomaly}) was answered ${describeResponseCode(code)}; allowed: ${allowed.map(describeResponseCode).join(", ")}`;
    if (c.anomaly === "valid") {
      // As the guide reads ET53: its header first, then as many bytes as the size it gives.
      const head = await s.readPartial(ET53, 0, TRANSACTION_HEADER_SIZE);
      const size = "data" in head ? declaredTransactionSize(head.data, ctx.space.order) : 0;
      const et53 =
        "data" in head
          ? await s.readPartial(ET53, 0, Math.max(TRANSACTION_HEADER_SIZE, Math.min(size, ctx.space.maxImage)))
          : head;
      const d = "data" in et53 ? decodeTransaction(et53.data, ctx.space.order) : null;
      if (d === null || !d.ok || d.value.type !== TRANSACTION_RESPONSES || d.value.number !== c.number)
        return `after a well-formed transaction ${c.number}, ET53 does not hold its responses: ${d === null ? describeResponseCode(et53.code) : d.ok ? `type ${d.value.type} number ${d.value.number}` : d.error.message}`;
    }
    // The probe's number differs from the case's, so that duplicate suppression cannot skip it.
    const probe = await s.transaction(
      c.number ^ 0x8000,
      [encodeTableRequest({ service: "partial-read", tableId: BT01, offset: 0, count: PROBE_BYTES }, ctx.facts.codec)],
      ctx.space.order,
    );
    log.exchange("well-formed probe transaction", probe.image, null);
    if (probe.written.code !== RESPONSE_CODE.ok)
      return `after the ${c.anomaly} image, a well-formed transaction's ET52 write is answered ${describeResponseCode(probe.written.code)}`;
    const responses = probe.responses;
    if (!("ok" in responses) || !responses.ok)
      return `after the ${c.anomaly} image, ET53 does not hold the next transaction's responses: ${"ok" in responses ? responses.error.message : describeResponseCode(responses.code)}`;
    const first = responses.value.entries[0];
    const read = first === undefined ? null : decodeReadResponse(first, ctx.facts.codec);
    if (read === null || !read.ok || !("data" in read.value) || !bytesEqual(read.value.data, ctx.bt01))
      return `after the ${c.anomaly} image, a transaction reading BT01 answers [${first === undefined ? "" : toHex(first)}] instead of BT01's first bytes [${toHex(ctx.bt01)}]`;
    return null;
  },
  describe: (c) => ({
    hex: toHex(c.image),
    decoded: `${c.anomaly}: ET52 image of ${c.image.length} byte(s), transaction number ${c.number}`,
  }),
};
