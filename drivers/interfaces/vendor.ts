import type { JsonValue, NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost } from './steps.js';

/** A vendor passthru method (`@passthru` in Ironic). */
export interface VendorMethod {
  http_methods: string[];
  description: string;
  async: boolean;
  attach: boolean;
  require_exclusive_lock: boolean;
}

/** Hardware-specific extras reachable through /v1/nodes/{id}/vendor_passthru (VendorInterface). */
export interface VendorInterface extends Partial<StepHost> {
  validate(node: NodeRef): void;
  /** Methods by name. */
  getRoutes(): Record<string, VendorMethod>;
  /** Runs `method`; returns what the API sends back. Throws InvalidParameterValue for unknown methods. */
  call(node: NodeRef, method: string, httpMethod: string, args: JsonValue, ctx: DriverContext): Promise<JsonValue>;
}
