import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost } from './steps.js';

/** One BIOS setting as GET /v1/nodes/{id}/bios shows it. */
export interface BiosSetting {
  name: string;
  value: string | null;
}

/** BIOS settings (BIOSInterface): read them; change them through `apply_configuration` / `factory_reset` steps. */
export interface BiosInterface extends Partial<StepHost> {
  validate(node: NodeRef): void;
  getSettings(node: NodeRef, ctx: DriverContext): Promise<BiosSetting[]>;
}
