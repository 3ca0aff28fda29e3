/**
 * The one-byte data checksum that C12.18 appends to table data in writes and read responses:
 * the two's complement of the 8-bit sum of the data bytes, so that data plus checksum sums to 0.
 */
export function dataChecksum(data: Uint8Array): number {
  let sum = 0;
  for (const b of data) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}
