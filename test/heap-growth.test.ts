// A large run bounds its heap's growth once, when its heap first reaches the threshold; a small run never does.
import { getHeapStatistics } from 'node:v8';
import { BOUNDED_FROM_BYTES, heapGrowthBound } from '../src/synth/heap-growth';

describe('heapGrowthBound', () => {
  test('leaves a small heap alone, bounds growth to 30 % once the heap reaches the threshold, and sets the flag once', () => {
    let used = BOUNDED_FROM_BYTES - 1;
    const flags: string[] = [];
    const bound = heapGrowthBound({
      getHeapStatistics: () => ({ ...getHeapStatistics(), used_heap_size: used }),
      setFlagsFromString: (f: string) => void flags.push(f),
    });
    expect(bound()).toBe(false);
    expect(flags).toEqual([]);
    used = BOUNDED_FROM_BYTES;
    expect(bound()).toBe(true);
    expect(flags).toEqual(['--heap-growing-percent=30']);
    used = BOUNDED_FROM_BYTES * 4;
    expect(bound()).toBe(true);
    used = 0;
    expect(bound()).toBe(true);
    expect(flags).toEqual(['--heap-growing-percent=30']);
  });
});
