/**
 * BP12 Activate All Pending Tables (6.3; C12.19 standard procedure 12): every table with a pending
 * version takes it now, whatever its PED says (a self-read or demand reset the PED asks for runs
 * first). No parameters.
 */
export const BP12 = 12;
