/**
 * Ferro's multi-BMC IPMI responder: thousands of simulated IPMI 2.0 BMCs in one process for scale tests of
 * power-state sync, with an HTTP control API. See README.md.
 */
export {
  startIpmiResponder,
  type IpmiResponder,
  type IpmiResponderOptions,
  type ResponderStats,
} from './start-ipmi-responder.js';
export { startControlServer, describeBmc, type ControlServer } from './control-server.js';
export { bootDeviceOf, type SimulatedBmc, type ResponderSession } from './simulated-bmc.js';
