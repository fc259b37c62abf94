import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost } from './steps.js';

/** A firmware component and its version (GET /v1/nodes/{id}/firmware, 1.86). */
export interface FirmwareComponent {
  component: string;
  initial_version: string;
  current_version: string;
}

/** Firmware inventory and updates (FirmwareInterface); the `update` step flashes new images. */
export interface FirmwareInterface extends Partial<StepHost> {
  validate(node: NodeRef): void;
  getComponents(node: NodeRef, ctx: DriverContext): Promise<FirmwareComponent[]>;
}
