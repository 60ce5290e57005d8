/**
 * A repeatable stream of numbers in [0, 1) from `seed`: the same cases every run. A linear congruential generator
 * modulo 2^31 (glibc's constants), computed in 32-bit integers: in floating point the product loses its low bits past
 * 2^53, and the stream fell into a cycle of about 10,000 numbers.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 2 ** 31;
  };
}
