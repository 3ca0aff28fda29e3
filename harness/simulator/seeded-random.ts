/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by the golden-ratio constant
 * and scrambled by two multiply-xorshift rounds; uniform in [0, 1). Not for cryptography: the
 * simulator's "random" losses, delays and pulse rates repeat from run to run, so that a failure can
 * be replayed exactly, and any implementation reproduces a seed's stream.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
