import { ByteWriter, type ByteOrder } from "../bytes/cursor";
import { ET04_FIELDS, ET04_SIZE, SECURITY_MODE } from "../protocol/tables/et04-system-information";
import { encodeMeterStatus, ICS_ICA_NAK, type MeterStatusFields } from "../protocol/tables/et54-meter-status";
import type { DefectSet } from "./defects";

/**
 * What the reference meter says about its interface and its security (6.8, 7.4): the IDT version
 * and security mode of ET04, the key-usage counters and supported modes of ET54, and the
 * Interface Change Alarm in BT03. A change of ET42 is an interface change: the IDT version goes
 * up, the alarm is raised, and, while the interface compatibility setting (ET54's ICS, 8.19) has
 * its "ICA NAK" bit set, the ports are told (a MEP port then jumps its sequence number: the NAK).
 */
export type SecurityModeName = keyof typeof SECURITY_MODE;

/** BT03 manufacturer status byte and bit that carry the Interface Change Alarm (our choice; PIXIT device.icaFlag). */
export const ICA_FLAG = { byte: 0, bit: 0 } as const;

export class InterfaceState {
  idtVersion = 1;
  icaRaised = false;
  unicastKeyUsage = 0;
  broadcastKeyUsage = 0;
  readonly maxKeyUsage = 1_000_000;
  /**
   * 9.11's broadcast base B and delta D: the window a broadcast sequence number
   * is accepted in (our inference: the MEP guide gives only ET04's fields).
   */
  readonly broadcastBase = 0;
  readonly broadcastDelta = 16;
  private readonly listeners: (() => void)[] = [];

  /** Alerts pend (a MEP port sends 00 00 each second) from an interface change until ET04 is read. */
  alertPending = false;
  /** Interface compatibility setting (8.19): bit 0 turns the ICA NAK on; the meter ships with it on. */
  ics = ICS_ICA_NAK;

  constructor(
    readonly securityMode: SecurityModeName,
    private readonly defects: DefectSet,
  ) {}

  /** Listeners are the ICA NAK (a port's sequence jump): told of a change only while the ICS asks for it. */
  onInterfaceChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  interfaceChanged(): void {
    if (!this.defects.has("ica-idt-version-unchanged")) this.idtVersion = (this.idtVersion + 1) & 0xff;
    this.icaRaised = true;
    this.alertPending = true;
    if ((this.ics & ICS_ICA_NAK) === 0 && !this.defects.has("ics-ica-nak-ignored")) return;
    for (const l of this.listeners) l();
  }

  /** A protected message verified under the unicast key. */
  countUnicastUse(): void {
    if (!this.defects.has("key-usage-not-counted")) this.unicastKeyUsage++;
  }

  /** Reading ET04 is the client's cue that it has seen the change (6.8): the alert stops pending. */
  et04(order: ByteOrder): Uint8Array {
    this.alertPending = false;
    const t = new Uint8Array(ET04_SIZE);
    const put = (field: { offset: number; size: number }, v: number) =>
      t.set(new ByteWriter("ET04").uint(v, field.size, order, "field").toBytes(), field.offset);
    t[ET04_FIELDS.idtVersion.offset] = this.idtVersion;
    put(ET04_FIELDS.maxKeyUsage, this.maxKeyUsage);
    put(ET04_FIELDS.broadcastBase, this.broadcastBase);
    put(ET04_FIELDS.broadcastDelta, this.broadcastDelta);
    t[ET04_FIELDS.securityMode.offset] = SECURITY_MODE[this.securityMode];
    return t;
  }

  /** ET54: the status fields the device functions give (8.6, 8.10), with this state's ICS and key usage. */
  et54(status: MeterStatusFields, order: ByteOrder): Uint8Array {
    return encodeMeterStatus(
      {
        ...status,
        ics: this.ics,
        unicastKeyUsage: this.unicastKeyUsage,
        broadcastKeyUsage: this.broadcastKeyUsage,
        supportedSecurityModes: (1 << SECURITY_MODE.rc4) | (1 << SECURITY_MODE.aes128),
      },
      order,
    );
  }

  manufacturerStatus(length: number): Uint8Array {
    const s = new Uint8Array(length);
    if (this.icaRaised && length > ICA_FLAG.byte) s[ICA_FLAG.byte] = 1 << ICA_FLAG.bit;
    return s;
  }
}
