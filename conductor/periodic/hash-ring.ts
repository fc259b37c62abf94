import { createHash } from 'node:crypto';
import type { ConductorRecord, NodeRecord } from '../../core/index.js';

/** Points per conductor on the ring (Ironic: 2**hash_partition_exponent = 32). */
const POINTS_PER_HOST = 32;

/** Decides which conductor owns a node: one consistent hash ring per "conductor_group:driver". */
export interface HashRing {
  /** The hostname that owns `node`, or undefined when no alive conductor serves its group and driver. */
  ownerOf(node: Pick<NodeRecord, 'uuid' | 'driver' | 'conductor_group'>): string | undefined;
}

function point(key: string): number {
  return createHash('md5').update(key).digest().readUInt32BE(0);
}

/**
 * Builds the rings over `conductors` (already filtered to alive ones). Every conductor builds the same
 * rings from the same table, so each node has exactly one owner and periodic work is not repeated.
 */
export function createHashRing(conductors: readonly Pick<ConductorRecord, 'hostname' | 'conductor_group' | 'drivers'>[]): HashRing {
  const rings = new Map<string, { at: number; host: string }[]>();
  const ringFor = (group: string, driver: string): { at: number; host: string }[] => {
    const key = `${group.toLowerCase()}:${driver}`;
    let ring = rings.get(key);
    if (!ring) {
      ring = conductors
        .filter((c) => c.conductor_group.toLowerCase() === group.toLowerCase() && c.drivers.includes(driver))
        .flatMap((c) => Array.from({ length: POINTS_PER_HOST }, (_, i) => ({ at: point(`${c.hostname}-${i}`), host: c.hostname })))
        .sort((a, b) => a.at - b.at || a.host.localeCompare(b.host));
      rings.set(key, ring);
    }
    return ring;
  };
  return {
    ownerOf(node) {
      const ring = ringFor(node.conductor_group, node.driver);
      if (ring.length === 0) return undefined;
      const at = point(node.uuid);
      return (ring.find((p) => p.at >= at) ?? ring[0])?.host;
    },
  };
}
