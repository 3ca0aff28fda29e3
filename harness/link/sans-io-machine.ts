/**
 * A protocol machine without I/O: it takes received bytes and the time, and hands back events.
 * The C12.18 link state machine is one; later links (MEP, PLC) follow the same shape, and
 * MachineRunner (transport/machine-runner.ts) drives any of them over a port.
 */
export interface SansIoMachine<E> {
  receive(chunk: Uint8Array, now: number): E[];
  tick(now: number): E[];
  nextDeadline(): number | undefined;
}
