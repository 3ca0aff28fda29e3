/** Procedure result codes of 9.13 (C12.19 heritage), as BT08 reports them. */
export const PROCEDURE_RESULTS = [
  { code: 0, name: "completed", meaning: "procedure completed" },
  { code: 1, name: "incomplete", meaning: "procedure accepted but not fully completed" },
  { code: 2, name: "invalid-parameter", meaning: "invalid parameter for a known procedure; procedure ignored" },
  { code: 3, name: "conflict", meaning: "procedure conflicts with the present device setup; procedure ignored" },
  { code: 4, name: "timing", meaning: "timing constraint; procedure ignored" },
  { code: 5, name: "no-authorization", meaning: "no authorization for the requested procedure; procedure ignored" },
  { code: 6, name: "unrecognized", meaning: "unrecognized procedure; procedure ignored" },
] as const;

export type ProcedureResultName = (typeof PROCEDURE_RESULTS)[number]["name"];

export const PROCEDURE_RESULT = Object.fromEntries(PROCEDURE_RESULTS.map((r) => [r.name, r.code])) as {
  readonly [N in ProcedureResultName]: number;
};

export function describeProcedureResult(code: number): string {
  const r = PROCEDURE_RESULTS.find((x) => x.code === code);
  return r === undefined ? `manufacturer-defined result ${code}` : `${r.name} (${code})`;
}

export function parseProcedureResult(text: string): number | null {
  const t = text.trim().toLowerCase();
  const r = PROCEDURE_RESULTS.find((x) => x.name === t);
  if (r !== undefined) return r.code;
  return /^\d{1,3}$/.test(t) && Number(t) <= 255 ? Number(t) : null;
}
