/**
 * BP07 Clear Standard Status Flags and BP08 Clear Manufacturer Status Flags (C12.19 standard
 * procedures 7 and 8; 8.6). No parameters. BP07 clears the latched flags of BT03's ED_STD_STATUS1
 * whose condition has gone; BP08 clears the latched manufacturer alarms (ET54's latched word,
 * ET71's alert). A condition still present is raised again at once.
 */
export const BP07 = 7;
export const BP08 = 8;
