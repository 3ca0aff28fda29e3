/**
 * BP14 Clear All Pending Tables (6.3; C12.19 standard procedure 14): every pending version is
 * dropped without being activated; the tables keep their content. No parameters.
 */
export const BP14 = 14;
