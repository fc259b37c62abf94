/**
 * Ferro's Redfish BMC emulator: serves a DMTF mockup or a folder of vendor fixtures as a stateful BMC (power,
 * boot override, BIOS settings, volumes, SimpleUpdate tasks, virtual media, sessions, ETags, vendor switches),
 * optionally driving a QEMU VM through QMP. See README.md.
 */
export { startRedfishEmulator, type RedfishEmulator, type RedfishEmulatorOptions } from './start-redfish-emulator.js';
export type { EmulatorEvent, EmulatorState, SessionRecord } from './emulator-state.js';
export type { BusyStyle, VendorSwitches, VendorSwitchOptions } from './vendor-switches.js';
export type { QmpMachineOptions } from './qmp-machine.js';
export type { MachineBackend, BootRequest } from './machine-backend.js';
export { loadMockup } from './load-mockup.js';
export type { Mockup, MockupEntry } from './mockup.js';
export { assessMockup, type MockupAssessment } from './assess-mockup.js';
export { findMockupSets } from './find-mockup-sets.js';
