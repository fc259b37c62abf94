import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost } from './steps.js';

/**
 * One BIOS setting as GET /v1/nodes/{id}/bios shows it. The registry fields (1.74) are optional: a BMC that
 * publishes an attribute registry (Redfish AttributeRegistry) fills what it knows; absent means unknown.
 */
export interface BiosSetting {
  name: string;
  value: string | null;
  attribute_type?: string | null;
  allowable_values?: string[] | null;
  lower_bound?: number | null;
  upper_bound?: number | null;
  min_length?: number | null;
  max_length?: number | null;
  read_only?: boolean | null;
  reset_required?: boolean | null;
  unique?: boolean | null;
}

/** BIOS settings (BIOSInterface): read them; change them through `apply_configuration` / `factory_reset` steps. */
export interface BiosInterface extends Partial<StepHost> {
  validate(node: NodeRef): void;
  getSettings(node: NodeRef, ctx: DriverContext): Promise<BiosSetting[]>;
}
