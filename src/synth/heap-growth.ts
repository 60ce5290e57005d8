// How far the heap of a large synth may grow. V8 lets the heap grow to about twice what survives a collection; a synth
// of 10,000 apps holds much garbage between its meshes and grew to about 540 MiB that way. Growing by 30 % at most
// keeps it near 310 MiB, for about 10 % more time at that scale. A small run is left alone: there the bound made V8
// collect its old generation once more, often while the process exits (about 10 ms of a 200 ms synth). Lint is left
// alone too: it keeps every object it reads, so the bound saved it little (565-580 against 556 MiB at 10,000 apps)
// and cost it 10-30 % more time.
import * as v8 from 'node:v8';

/** The heap size from which growth is bounded. */
export const BOUNDED_FROM_BYTES = 64 * 1024 * 1024;

/** The part of `node:v8` the bound uses. */
export type HeapControl = Pick<typeof v8, 'getHeapStatistics' | 'setFlagsFromString'>;

/**
 * A function that bounds the heap's growth to 30 % between collections once the heap holds
 * {@link BOUNDED_FROM_BYTES} or more (V8 reads the factor each time it sizes the heap, so it takes effect at the next
 * collection), and returns true once it has. Cheap enough to call after every file or mesh.
 */
export function heapGrowthBound(control: HeapControl): () => boolean {
  let bounded = false;
  return () => {
    if (!bounded && control.getHeapStatistics().used_heap_size >= BOUNDED_FROM_BYTES) {
      control.setFlagsFromString('--heap-growing-percent=30');
      bounded = true;
    }
    return bounded;
  };
}

/** {@link heapGrowthBound} of this process. */
export const boundHeapGrowth = heapGrowthBound(v8);
