import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  checkPulseInputs,
  decodePulseInputs,
  encodePulseInputs,
  ET06,
  ET06_CHANNEL_SIZE,
  ET06_HOST_BYTES,
  pulseChannelOffset,
  type PulseChannel,
} from "../../../protocol/tables/et06-pulse-inputs";
import type { MeteringStep } from "../../device-model/metering-model";
import type { ControlContext, ControlPart } from "./control-context";
import { mulberry32 } from "../../seeded-random";
import { meterControlled, validatedTable } from "./validated-table";

/** Pulse inputs of the reference meter. */
const PULSE_CHANNELS = 2;

/**
 * Pulse inputs (8.7, ET06): each channel sees a pulse train at its own steady rate (1 to 4 pulses
 * per device second, drawn from the load seed: a gas or water meter on the input), counted while
 * the channel is enabled. Every pulse adds the channel's pulse weight to its value. The host
 * writes enable, unit and weight; the counts are meter-controlled (6.4); an out-of-range setting
 * is refused with err.
 */
export class PulseInputs {
  readonly channels: PulseChannel[];
  private readonly ratePerSecond: number[];
  private readonly fraction: number[];

  constructor(private readonly c: ControlContext) {
    const random = mulberry32(c.device.profile.load.seed ^ 0x0706);
    this.ratePerSecond = Array.from({ length: PULSE_CHANNELS }, () => 1 + Math.floor(random() * 4));
    this.fraction = new Array<number>(PULSE_CHANNELS).fill(0);
    this.channels = Array.from({ length: PULSE_CHANNELS }, () => ({
      enabled: 0,
      unit: 0,
      pulseWeight: 1,
      pulseCount: 0,
      value: 0,
    }));
    c.device.metering.onStep((s) => this.step(s));
  }

  private step(s: MeteringStep): void {
    const seconds = (s.toMs - s.fromMs) / 1000;
    this.channels.forEach((ch, i) => {
      if (ch.enabled !== 1) return;
      const total = (this.fraction[i] as number) + (this.ratePerSecond[i] as number) * seconds;
      const pulses = Math.floor(total);
      this.fraction[i] = total - pulses;
      const weight = this.c.device.defects.has("pulse-weight-ignored") ? 1 : ch.pulseWeight;
      ch.pulseCount = (ch.pulseCount + pulses) % 2 ** 32;
      ch.value = (ch.value + pulses * weight) % 2 ** 32;
    });
  }

  part(): ControlPart {
    const et06 = validatedTable({
      id: ET06,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [
        meterControlled(0, 1),
        ...this.channels.map((_, i) =>
          meterControlled(pulseChannelOffset(i) + ET06_HOST_BYTES, ET06_CHANNEL_SIZE - ET06_HOST_BYTES),
        ),
      ],
      image: () => encodePulseInputs(this.channels, this.c.device.dataOrder),
      accept: (next) => {
        const d = decodePulseInputs(next, this.c.device.dataOrder);
        if (!d.ok) return RESPONSE_CODE.err;
        const wanted = d.value.map((w, i) => ({
          ...(this.channels[i] as PulseChannel),
          enabled: w.enabled,
          unit: w.unit,
          pulseWeight: w.pulseWeight,
        }));
        if (checkPulseInputs(wanted) !== null) return RESPONSE_CODE.err;
        wanted.forEach((w, i) => (this.channels[i] = w));
        return RESPONSE_CODE.ok;
      },
    });
    return { tables: [et06], procedures: [] };
  }
}
