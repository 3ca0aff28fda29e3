import type { Decoded } from "../bytes/decoded";
import { decodeGeneralConfiguration } from "./tables/bt00-general-configuration";
import { decodeManufacturerIdentification } from "./tables/bt01-manufacturer-identification";
import { decodeEndDeviceModeStatus } from "./tables/bt03-end-device-mode-status";
import { decodeProcedureInitiate } from "./tables/bt07-procedure-initiate";
import { decodeProcedureResponse } from "./tables/bt08-procedure-response";
import { decodeRegisterDimensions } from "./tables/bt21-register-dimensions";
import { decodeTimeTou } from "./tables/bt50-dimension-time-tou";
import { decodeActualTimeTou } from "./tables/bt51-actual-time-tou";
import { decodeClock } from "./tables/bt52-clock";
import { decodeClockState } from "./tables/bt55-clock-state";
import { decodeLogDimensions } from "./tables/bt70-bt71-log-dimensions";
import { decodeUtilityInformation } from "./tables/et03-utility-information";
import { decodeControlOutputSettings } from "./tables/et05-control-output-settings";
import { decodePulseInputs } from "./tables/et06-pulse-inputs";
import { decodePowerQuality } from "./tables/et09-power-quality";
import { decodeMfgDimension } from "./tables/et11-mfg-dimension";
import { decodeGroupMembership } from "./tables/et18-group-membership";
import { decodeMaxPowerCurrent } from "./tables/et30-maximum-power-current";
import { decodeMbusAdditionalConfig } from "./tables/et34-mbus-additional-configuration";
import { decodeDemandTable } from "./tables/et40-demand-configuration";
import { decodeDemandResetLog } from "./tables/et41-demand-reset-log";
import { decodeControlOutputData } from "./tables/et46-control-output-data";
import { decodeCalendarOverride } from "./tables/et47-calendar-override";
import { decodeOverPowerTariff } from "./tables/et48-over-power-tariff";
import { decodeMepDeviceConfiguration } from "./tables/et51-mep-device-configuration";
import { decodeMeterStatus } from "./tables/et54-meter-status";
import { decodeMeterConfiguration } from "./tables/et55-meter-configuration";
import { decodeStatusExtension } from "./tables/et58-status-extension";
import { decodeRelayCalendar } from "./tables/et61-relay-calendar";
import { decodeLpDisplayConfiguration } from "./tables/et62-lp-display-configuration";
import { decodeLoadProfileSources } from "./tables/et66-load-profile-sources";
import { decodeDisplaySourceMapping } from "./tables/et67-display-source-mapping";
import { decodeRamOnlyStatus } from "./tables/et70-ram-only-status";
import { decodeDeltaDataAlerts } from "./tables/et71-delta-data-alerts";
import { decodeMep2ProcedureResponse } from "./tables/et85-mep2-procedure-response";
import { parseTableName } from "./table-id";
import type { TableFormat } from "./table-format";

/**
 * The whole-table codecs that need nothing but BT00 to decode: what the bench commands show field
 * by field. Tables whose layout other tables dimension (BT23 by BT21, BT64 by BT61, ...) are
 * left out, and shown as hex. `provisional`: the layout is ours, not a published one.
 */
export interface TableCodec {
  readonly decode: (bytes: Uint8Array, c: TableFormat) => Decoded<unknown>;
  readonly provisional: boolean;
}

const exact = (decode: TableCodec["decode"]): TableCodec => ({ decode, provisional: false });
const ours = (decode: TableCodec["decode"]): TableCodec => ({ decode, provisional: true });

const CODECS: Readonly<Record<string, TableCodec>> = {
  BT00: exact((b) => decodeGeneralConfiguration(b)),
  BT01: exact((b, c) => decodeManufacturerIdentification(b, c.config.idFormat)),
  BT03: exact((b, c) => decodeEndDeviceModeStatus(b, c.order, c.config.dimMfgStatusUsed)),
  BT07: exact((b, c) => decodeProcedureInitiate(b, c.order)),
  BT08: exact((b, c) => decodeProcedureResponse(b, c.order)),
  BT21: exact((b) => decodeRegisterDimensions(b)),
  BT50: exact((b, c) => decodeTimeTou(b, c.order)),
  BT51: exact((b, c) => decodeActualTimeTou(b, c.order)),
  BT52: exact((b) => decodeClock(b)),
  BT55: ours((b, c) => decodeClockState(b, c.order)),
  BT70: exact((b, c) => decodeLogDimensions(b, c.order)),
  BT71: exact((b, c) => decodeLogDimensions(b, c.order)),
  ET03: exact((b) => decodeUtilityInformation(b)),
  ET05: ours((b, c) => decodeControlOutputSettings(b, c.order)),
  ET06: ours((b, c) => decodePulseInputs(b, c.order)),
  ET09: ours((b, c) => decodePowerQuality(b, c.order)),
  ET11: ours((b, c) => decodeMfgDimension(b, c.order)),
  ET18: ours((b, c) => decodeGroupMembership(b, c.order)),
  ET30: ours((b, c) => decodeMaxPowerCurrent(b, c.order)),
  ET34: ours((b, c) => decodeMbusAdditionalConfig(b, c.order)),
  ET40: ours((b, c) => decodeDemandTable(b, c.order)),
  ET41: ours((b, c) => decodeDemandResetLog(b, c.order)),
  ET46: ours((b, c) => decodeControlOutputData(b, c.order)),
  ET47: ours((b) => decodeCalendarOverride(b)),
  ET48: ours((b, c) => decodeOverPowerTariff(b, c.order)),
  ET51: ours((b, c) => decodeMepDeviceConfiguration(b, c.order)),
  ET54: ours((b, c) => decodeMeterStatus(b, c.order)),
  ET55: ours((b, c) => decodeMeterConfiguration(b, c.order)),
  ET58: ours((b, c) => decodeStatusExtension(b, c.order)),
  ET61: ours((b, c) => decodeRelayCalendar(b, c.order)),
  ET62: ours((b, c) => decodeLpDisplayConfiguration(b, c.order)),
  ET66: ours((b) => decodeLoadProfileSources(b)),
  ET67: ours((b, c) => decodeDisplaySourceMapping(b, c.order)),
  ET70: ours((b, c) => decodeRamOnlyStatus(b, c.order)),
  ET71: ours((b, c) => decodeDeltaDataAlerts(b, c.order)),
  ET85: ours((b, c) => decodeMep2ProcedureResponse(b, c.order)),
};

const BY_ID: ReadonlyMap<number, TableCodec> = new Map(
  Object.entries(CODECS).map(([name, codec]) => [parseTableName(name), codec]),
);

export function tableCodec(tableId: number): TableCodec | null {
  return BY_ID.get(tableId) ?? null;
}
