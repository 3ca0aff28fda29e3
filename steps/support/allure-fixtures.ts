/**
 * allure-cucumberjs makes every cucumber hook a set-up or tear-down fixture of the scenario, each
 * written as a container file of its own, unless the hook has this name. A hook whose work is only
 * metadata (labels), bookkeeping or, most of the time, nothing, takes it: otherwise every scenario
 * carries empty fixtures in the report, and the run writes a file for each (two of three
 * containers per scenario were such, some 2,600 files in the catalogue's run). Metadata a
 * hook of this name sends goes to the scenario itself.
 */
export const NOT_A_FIXTURE = "ALLURE_FIXTURE_IGNORE";
