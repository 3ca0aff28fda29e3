/**
 * BP15 Clear Specific Pending Table (6.3; C12.19 standard procedure 15): the pending version of one
 * table is dropped without being activated. Its parameter is BP13's (one UINT16 table id,
 * PROVISIONAL), encoded and decoded by bp13-activate-specific-pending.ts.
 */
export const BP15 = 15;
