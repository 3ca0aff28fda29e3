/**
 * Actions one function of the meter starts in another: a demand reset (BP09, the button, a PED
 * flag) snapshots the billing registers and resets the maximum demands; a self-read (schedule,
 * PED flag, procedure) copies them into BT26. The function that owns an action registers it; any
 * other may run it. An action nobody registered (the function is absent in this profile) does nothing.
 */
export type MeterActionName = "self-read" | "demand-reset";

export class MeterActions {
  private readonly handlers = new Map<MeterActionName, Array<() => void>>();

  on(name: MeterActionName, handler: () => void): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  /** Runs every handler of the action; false if no function handles it. */
  run(name: MeterActionName): boolean {
    const list = this.handlers.get(name);
    if (list === undefined) return false;
    for (const f of list) f();
    return true;
  }
}
