/**
 * Bytes to write that differ, position by position, from what the table held, so that a write
 * that lands at the wrong offset or not at all cannot go unnoticed. Printable ASCII, because
 * scratch tables are often character fields that a device may validate.
 */
const ALPHABET = "OSGPCONFTEST0123456789";

export function testPattern(length: number, differFrom: Uint8Array = new Uint8Array(0), salt = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    let k = (i + salt) % ALPHABET.length;
    // Differ from the old byte here and from the old byte one place to the left and right, which
    // is where an off-by-one write would put this one.
    while ([differFrom[i], differFrom[i - 1], differFrom[i + 1]].includes(ALPHABET.charCodeAt(k)))
      k = (k + 1) % ALPHABET.length;
    out[i] = ALPHABET.charCodeAt(k);
  }
  return out;
}
