import { decodeProcedureResponse, type ProcedureResponse } from "../protocol/tables/bt08-procedure-response";
import {
  decodeMepDeviceConfiguration,
  ET51,
  ET51_SIZE,
  type MepDeviceConfiguration,
} from "../protocol/tables/et51-mep-device-configuration";
import { ET59, ET59_SIZE } from "../protocol/tables/et59-mep-procedure-response";
import { decodeMepPostingLog, ET74, et74Size, type MepPostingLog } from "../protocol/tables/et74-mep-extended-log";
import { et15Index, type OnDemandRequest } from "../protocol/tables/et15-on-demand-requests";
import type { MfgDimension } from "../protocol/tables/et11-mfg-dimension";
import type { TableClient } from "../session/table-client";
import type { TableFormat } from "../protocol/table-format";
import { decoded } from "./checks";
import { readDecoded, readRequests, readTableBytes, type MfgLayout } from "./mbus-device-tables";
import { ConformanceAssertionError } from "./verdicts";

/**
 * Reading the MEP device tables (8.17): ET51 (a 9-byte ET51 reads as ours with no scheduled read),
 * ET74, ET59, and the MEP entries of ET15 (its last two).
 */
export function requireMepDimensions(d: MfgDimension): void {
  if (d.mepDataSize === 0 || d.et74Entries === 0 || d.et15Entries < 2) {
    throw new ConformanceAssertionError(
      `ET11 gives the MEP tables no room (data size ${d.mepDataSize}, ET74 entries ${d.et74Entries}, ET15 entries ${d.et15Entries}), yet the device declares MEP devices (8.17)`,
    );
  }
}

export async function readMepConfiguration(
  client: TableClient,
  f: TableFormat,
): Promise<{ bytes: Uint8Array; config: MepDeviceConfiguration }> {
  const bytes = await readTableBytes(client, ET51, ET51_SIZE);
  return { bytes, config: decoded(decodeMepDeviceConfiguration(bytes, f.order), "ET51", bytes) };
}

export async function readPostings(
  client: TableClient,
  d: MfgLayout,
): Promise<{ bytes: Uint8Array; log: MepPostingLog }> {
  const { bytes, value } = await readDecoded(client, ET74, et74Size(d.et74Entries, d.mepDataSize), (b) =>
    decoded(decodeMepPostingLog(b, d.order, d.et74Entries, d.mepDataSize), "ET74", b),
  );
  return { bytes, log: value };
}

export async function readMepProcedureResponse(client: TableClient, f: TableFormat): Promise<ProcedureResponse> {
  const bytes = await readTableBytes(client, ET59, ET59_SIZE);
  return decoded(decodeProcedureResponse(bytes, f.order), "ET59", bytes);
}

/** ET15's entries for the data (kind 0) and the on-demand request (kind 1) posted for the MEP device. */
export async function readMepSlots(
  client: TableClient,
  d: MfgDimension,
): Promise<{ data: OnDemandRequest; request: OnDemandRequest }> {
  const { requests } = await readRequests(client, d);
  return {
    data: requests[et15Index.mepData(d.et15Entries)] as OnDemandRequest,
    request: requests[et15Index.mepRequest(d.et15Entries)] as OnDemandRequest,
  };
}
