import type { JsonObject, NodeRef } from '../../core/index.js';
import type { StepContext } from './steps.js';

/** A NIC found by inspection; the conductor creates a port for each new MAC. */
export interface DiscoveredPort {
  address: string;
  pxe_enabled?: boolean;
}

/**
 * What inspection found. 'done' carries the data: node properties and ports, and, when the driver has one,
 * an IPA-shaped inventory (ironic.md §5.4) and plugin data, which the conductor stores and serves at
 * GET /v1/nodes/{id}/inventory. 'wait' means an in-band agent will post the inventory later
 * (`/v1/continue_inspection`), and the node waits in `inspect wait`.
 */
export type InspectOutcome =
  | { result: 'done'; properties: JsonObject; ports: DiscoveredPort[]; inventory?: JsonObject; plugin_data?: JsonObject }
  | { result: 'wait' };

/** Learns a machine's hardware: out-of-band from the BMC or in-band from the agent (InspectInterface). */
export interface InspectInterface {
  validate(node: NodeRef): void;
  inspectHardware(node: NodeRef, ctx: StepContext): Promise<InspectOutcome>;
  /** Stops an in-band inspection that waits for the agent (abort in `inspect wait`). */
  abort?(node: NodeRef, ctx: StepContext): Promise<void>;
}
