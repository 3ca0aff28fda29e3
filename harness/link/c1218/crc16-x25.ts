/**
 * CRC-16/X-25 as C12.18 uses it: reflected polynomial 0x1021 (0x8408 reflected), initial value
 * 0xFFFF, final XOR 0xFFFF, over every byte from 0xEE to the last data byte, sent low byte first.
 * Check value: "123456789" gives 0x906E.
 */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc16X25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number);
  return crc ^ 0xffff;
}
