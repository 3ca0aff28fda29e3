import { RESPONSE_CODE } from "../../../protocol/response-codes";
import { decodeInboundData, ET50 } from "../../../protocol/tables/et50-mep-inbound-data-space";
import {
  decodeMepDeviceConfiguration,
  encodeMepDeviceConfiguration,
  ET51,
  MEP_FLAG,
} from "../../../protocol/tables/et51-mep-device-configuration";
import { ET59 } from "../../../protocol/tables/et59-mep-procedure-response";
import { ET85 } from "../../../protocol/tables/et85-mep2-procedure-response";
import type { MeteringModel } from "../../device-model/metering-model";
import { computedTable, type SimTable } from "../../sim-table";
import type { MepMailbox } from "./mep-mailbox";
import type { SimulatedMepDevice } from "./mep-device";
import type { Timeline } from "./timeline";

/**
 * ET50 (the staging area: a length beyond the data space is refused, onp), ET51 (the OPG fields
 * plus our scheduled-read interval; an interval over a day, or health monitoring with a zero
 * timeout, is refused; bit 3 resets the device and clears itself), ET59/ET85 (the device's
 * procedure response), and the scheduled reads ET51 asks for, on the UTC day's grid of whole
 * minutes (8.17.2.1).
 */
const MINUTE = 60_000;
const DAY_MINUTES = 1440;

export function mepTables(mailbox: MepMailbox, device: SimulatedMepDevice, timeline: Timeline): SimTable[] {
  return [
    {
      id: ET50,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => mailbox.staging.slice(),
      write: (offset, data) => {
        const next = mailbox.staging.slice();
        next.set(data, offset);
        if (!decodeInboundData(next).ok) return RESPONSE_CODE.onp;
        mailbox.staging = next;
        return RESPONSE_CODE.ok;
      },
    },
    {
      id: ET51,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => encodeMepDeviceConfiguration(mailbox.config, mailbox.order),
      write: (offset, data) => {
        timeline.settle();
        const next = encodeMepDeviceConfiguration(mailbox.config, mailbox.order);
        next.set(data, offset);
        const d = decodeMepDeviceConfiguration(next, mailbox.order);
        if (!d.ok) return RESPONSE_CODE.onp;
        const c = d.value;
        if (
          c.scheduledReadMinutes > DAY_MINUTES ||
          ((c.flags & MEP_FLAG.monitorHealth) !== 0 && c.healthTimeoutS === 0)
        )
          return RESPONSE_CODE.onp;
        mailbox.config = { ...c, flags: c.flags & ~MEP_FLAG.resetNow };
        if ((c.flags & MEP_FLAG.resetNow) !== 0) mailbox.reset(timeline.clockAt(timeline.now()));
        return RESPONSE_CODE.ok;
      },
    },
    computedTable(ET59, "reader", () => device.et59Image()),
    computedTable(ET85, "reader", () => device.et85Image()),
  ];
}

export function startMepSchedule(
  mailbox: MepMailbox,
  device: SimulatedMepDevice,
  metering: MeteringModel,
  timeline: Timeline,
): void {
  metering.onStep((step) => {
    timeline.settle(timeline.elapsedAt(step.toMs));
    const every = mailbox.config.scheduledReadMinutes;
    if (every === 0 || !mailbox.enabled || step.toMs % MINUTE !== 0) return;
    if (Math.floor(step.toMs / MINUTE) % every === 0) device.scheduledRead(step.toMs);
  });
}
