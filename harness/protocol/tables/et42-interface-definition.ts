import { EXTENDED_BASE } from "../table-id";

/**
 * ET42 Interface Definition: a change of it is an interface change (6.8). Its layout is the
 * manufacturer's, so the suite only names it.
 */
export const ET42 = EXTENDED_BASE + 42;
