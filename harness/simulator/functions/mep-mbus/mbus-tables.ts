import { decodeRemoveDevice, EP17, REMOVE_ACTION } from "../../../protocol/procedures/ep17-remove-device";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  decodeMbusChannelConfig,
  ET13,
  type MbusChannelConfig,
} from "../../../protocol/tables/et13-mbus-device-configuration";
import { ET14 } from "../../../protocol/tables/et14-mbus-device-status";
import { ET16 } from "../../../protocol/tables/et16-mbus-device-data";
import type { SimProcedure } from "../../procedures/procedure-engine";
import { computedTable, type SimTable } from "../../sim-table";
import { sameIdentity } from "./mbus-bus";
import type { MbusChannels } from "./mbus-channels";
import type { Timeline } from "./timeline";

/**
 * ET13 (written by the head end: install a device, change its schedule), ET14 and ET16 (the
 * meter's), and EP17 (remove a device, 8.18.3).
 *
 * An ET13 write is all or nothing, answered onp (PROVISIONAL: our choice of code; PIXIT
 * mepMbus.refusedWrite) when it cuts an entry, holds a schedule or address out of range, gives
 * two installed channels the same address, or clears the installed flag of a channel that holds a
 * device (removal is EP17's, which also clears the device's status and data).
 */
export function mbusTables(channels: MbusChannels, timeline: Timeline): SimTable[] {
  const view = (id: number, image: () => Uint8Array) =>
    computedTable(id, "reader", () => {
      timeline.settle();
      return image();
    });
  return [
    {
      id: ET13,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => channels.et13Image(),
      write: (offset, data) => writeEt13(channels, timeline, offset, data),
    },
    view(ET14, () => channels.et14Image()),
    view(ET16, () => channels.et16Image()),
  ];
}

function writeEt13(channels: MbusChannels, timeline: Timeline, offset: number, data: Uint8Array): number {
  timeline.settle();
  const size = channels.dims.et13EntrySize;
  if (data.length === 0 || offset % size !== 0 || data.length % size !== 0) return RESPONSE_CODE.onp;
  const image = channels.et13Image();
  image.set(data, offset);
  const proposed: MbusChannelConfig[] = [];
  for (let c = 0; c < channels.count; c++) {
    const d = decodeMbusChannelConfig(image.subarray(c * size, (c + 1) * size), channels.order);
    if (!d.ok) return RESPONSE_CODE.onp;
    proposed.push(d.value);
  }
  const first = offset / size + 1;
  const written = Array.from({ length: data.length / size }, (_, k) => first + k);
  for (const c of written) {
    const p = proposed[c - 1] as MbusChannelConfig;
    if (channels.isInstalled(c) && !p.installed) return RESPONSE_CODE.onp;
    if (p.installed && p.address === 0) return RESPONSE_CODE.onp;
  }
  const addresses = proposed.filter((p) => p.installed).map((p) => p.address);
  if (new Set(addresses).size !== addresses.length) return RESPONSE_CODE.onp;
  const clockMs = timeline.clockAt(timeline.now());
  for (const c of written) {
    const p = proposed[c - 1] as MbusChannelConfig;
    const cur = channels.configs[c - 1] as MbusChannelConfig;
    const sameDevice =
      cur.installed &&
      p.installed &&
      cur.address === p.address &&
      (cur.identity === null ? p.identity === null : p.identity !== null && sameIdentity(cur.identity, p.identity));
    if (!p.installed || sameDevice) channels.reschedule(c, p);
    else channels.install(c, p, clockMs, timeline.now(), false);
  }
  return RESPONSE_CODE.ok;
}

/** EP17: the handle must name an installed device; action 0 removes it. */
export function removeDeviceProcedure(channels: MbusChannels, timeline: Timeline): SimProcedure {
  return {
    id: EP17,
    level: "provisioning",
    run(parameters) {
      timeline.settle();
      const d = decodeRemoveDevice(parameters, channels.order);
      if (!d.ok || d.value.action !== REMOVE_ACTION) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      const channel = channels.channelOfHandle(d.value.handle);
      if (channel === null) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      channels.remove(channel, timeline.clockAt(timeline.now()));
      return { resultCode: PROCEDURE_RESULT.completed };
    },
  };
}
