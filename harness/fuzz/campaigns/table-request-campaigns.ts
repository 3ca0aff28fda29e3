import { toHex } from "../../bytes/hex";
import { describeResponseCode } from "../../protocol/response-codes";
import { describeTableRequest } from "../../protocol/table-requests";
import { describeLinkRequest } from "../../link/c1218/link-services";
import { arbReadCase, arbWriteCase, type RequestCase } from "../arbitraries/request-apdus";
import type { Campaign, CaseLog } from "../campaign/campaign";
import type { FuzzDevice } from "../campaign/fuzz-device";
import { allowedFor, imagesAfterWrite, readAnswerProblem } from "./request-oracle";
import { judgeImage, prepareRequestContext, readImage, restoreTables, type RequestContext } from "./table-state";

/**
 * The table services under fuzzing (9.3-9.6), with the master key on every link: each case is one
 * request APDU (valid, boundary or damaged, request-apdus.ts) sent as it is. Its answer must carry
 * a code the PIXIT allows for that kind of case, a read answered ok must carry what was asked, and
 * after a write the scratch table and the static tables must hold an image the answer explains:
 * unchanged when refused, changed exactly as asked when accepted, nothing past the end.
 */
async function send(
  c: RequestCase,
  ctx: RequestContext,
  device: FuzzDevice,
  log: CaseLog,
): Promise<{ code: number; problem: string | null }> {
  const response = await (await device.session("master")).client.requestRaw(c.bytes);
  log.exchange(c.anomaly, c.bytes, response);
  const code = response[0];
  if (code === undefined) return { code: -1, problem: "the device answered with an empty message" };
  const allowed = allowedFor(c, ctx.facts);
  if (!allowed.codes.includes(code))
    return {
      code,
      problem: `${allowed.why} was answered ${describeResponseCode(code)}; allowed: ${allowed.codes.map(describeResponseCode).join(", ")}`,
    };
  return { code, problem: readAnswerProblem(c, response, ctx.facts) };
}

function describe(c: RequestCase): { hex: string; decoded: string } {
  const what =
    c.linkService !== undefined
      ? `${describeLinkRequest(c.linkService.request)} (${c.linkService.anomaly})`
      : c.request === null
        ? `service code 0x${toHex(c.bytes.subarray(0, 1))}`
        : describeTableRequest(c.request);
  return { hex: toHex(c.bytes), decoded: `${c.anomaly}: ${what}, ${c.bytes.length} byte(s) sent` };
}

export const tableReadsCampaign: Campaign<RequestContext, RequestCase> = {
  name: "table-reads",
  title: "Full and partial table reads with valid, boundary and damaged requests",
  clauses: ["9.3", "9.5", "9.9"],
  links: ["optical", "mep", "plc"],
  role: "master",
  prepare: (device) => prepareRequestContext(device, false),
  arbitrary: (ctx) => arbReadCase(ctx.space),
  async run(c, ctx, device, log) {
    return (await send(c, ctx, device, log)).problem;
  },
  describe,
};

export const tableWritesCampaign: Campaign<RequestContext, RequestCase> = {
  name: "table-writes",
  title: "Full and partial table writes with valid, boundary and damaged requests; the table read back after each",
  clauses: ["9.6", "9.4", "9.9"],
  links: ["optical", "mep", "plc"],
  role: "master",
  prepare: (device) => prepareRequestContext(device, true),
  arbitrary: (ctx) => arbWriteCase(ctx.space),
  async run(c, ctx, device, log) {
    const { code, problem } = await send(c, ctx, device, log);
    if (problem !== null || c.request === null) return problem;
    const before = ctx.images.get(c.request.tableId);
    if (before === undefined) return null;
    const after = await readImage((await device.session("master")).client, c.request.tableId, before.length);
    ctx.images.set(c.request.tableId, after);
    return judgeImage(c.request.tableId, after, imagesAfterWrite(before, c, code), code);
  },
  describe,
  finish: (ctx, device) => restoreTables(ctx, device),
};
