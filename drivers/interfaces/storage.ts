import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';

/** Boot-from-volume attachment (StorageInterface: noop, cinder, external). */
export interface StorageInterface {
  validate(node: NodeRef): void;
  attachVolumes(node: NodeRef, ctx: DriverContext): Promise<void>;
  detachVolumes(node: NodeRef, ctx: DriverContext): Promise<void>;
  /** False when the node boots from a volume and no image must be written to a local disk. */
  shouldWriteImage(node: NodeRef): boolean;
}
