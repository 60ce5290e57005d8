import type { Finding } from '../findings';
import type { MeshIndex } from './mesh-index';

/** A check across the objects of a set, reading them through the index. */
export type MeshCheck = (index: MeshIndex) => Finding[];
