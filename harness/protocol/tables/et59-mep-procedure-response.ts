import { EXTENDED_BASE } from "../table-id";

/**
 * ET59 MEP Procedure Response (8.17, 9.13): a MEP device's BT08. A procedure a MEP device runs
 * (EP39 posting its data) answers here, so that it never overwrites the head end's result in
 * BT08. The layout is BT08's (procedure field, PSN, result code, response data; [MEP, OPG]) with
 * 12 response bytes: use bt08-procedure-response.ts to read it. PROVISIONAL: EP39's response data
 * is ours (ep39-post-mep-data.ts).
 */
export const ET59 = EXTENDED_BASE + 59;
export const ET59_RESPONSE_DATA_SIZE = 12;
export const ET59_SIZE = 4 + ET59_RESPONSE_DATA_SIZE;
