import type { ByteOrder } from "../bytes/cursor";
import type { GeneralConfiguration } from "./tables/bt00-general-configuration";

/**
 * How one device lays out its table data and procedure parameters, as its own BT00 says: the
 * order of multi-byte fields, and the rest of BT00 that sizes or formats fields elsewhere (BT01's
 * id format, BT03's manufacturer status length, the NI formats of registers and intervals).
 * Every decoder of a device's tables is handed this, never a literal: 6.1 says OSGP table data is
 * LSB first, and whether a device keeps to that is for A.1's scenario on BT00's formats to judge,
 * not for the decoders to assume.
 */
export interface TableFormat {
  readonly order: ByteOrder;
  readonly config: GeneralConfiguration;
}

export function tableFormatOf(config: GeneralConfiguration): TableFormat {
  return { order: config.dataOrder, config };
}

/** What 6.1 requires of every OSGP meter's table data, to judge BT00's declaration against. */
export const OSGP_DATA_ORDER: ByteOrder = "le";

/** BT00's own words for an order, for what people read (bench output, verdict messages). */
export function dataOrderName(order: ByteOrder): string {
  return order === "le" ? "LSB first" : "MSB first";
}
