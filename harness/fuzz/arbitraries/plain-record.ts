import fc from "fast-check";

/**
 * fc.record, but producing ordinary objects: by default fast-check may build records with a null
 * prototype, and node:assert's deepStrictEqual then tells them apart from what a decoder returns.
 */
export function plainRecord<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as unknown as fc.Arbitrary<T>;
}
