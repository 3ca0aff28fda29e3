import { EXTENDED_BASE } from "../table-id";

/**
 * ET02 RTC Calibration: calibration data, which the reader key may not read (7.0). Its layout is
 * the manufacturer's, so the suite only names it (access rules, the hardware lock).
 */
export const ET02 = EXTENDED_BASE + 2;
