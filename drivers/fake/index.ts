import type { Implementations } from '../interfaces/index.js';
import { FakeBios } from './fake-bios.js';
import { FakeBoot } from './fake-boot.js';
import { FakeConsole } from './fake-console.js';
import { FakeDeploy } from './fake-deploy.js';
import { FakeFirmware } from './fake-firmware.js';
import { FakeInspect } from './fake-inspect.js';
import { FakeMachines, type FakeOptions } from './fake-machines.js';
import { FakeManagement } from './fake-management.js';
import { FakePower } from './fake-power.js';
import { FakeRaid } from './fake-raid.js';
import { FakeRescue } from './fake-rescue.js';
import { FakeStorage } from './fake-storage.js';
import { FakeVendor } from './fake-vendor.js';

export { FakeMachines, fakeMacAddress, type FakeDelays, type FakeMachine, type FakeOptions } from './fake-machines.js';
export { FakePower } from './fake-power.js';
export { FakeManagement } from './fake-management.js';
export { FakeBoot } from './fake-boot.js';
export { FakeDeploy } from './fake-deploy.js';
export { FakeInspect } from './fake-inspect.js';
export { FakeRaid } from './fake-raid.js';
export { FakeBios } from './fake-bios.js';
export { FakeFirmware } from './fake-firmware.js';
export { FakeVendor } from './fake-vendor.js';
export { FakeConsole } from './fake-console.js';
export { FakeRescue } from './fake-rescue.js';
export { FakeStorage } from './fake-storage.js';
export { FAKE_CONTROL_STEPS } from './fake-steps.js';

/** Every `fake` implementation over one shared set of machines; main.ts passes `implementations` to the registry. */
export function createFakeImplementations(options: FakeOptions): { machines: FakeMachines; implementations: Implementations } {
  const machines = new FakeMachines(options);
  return {
    machines,
    implementations: {
      bios: { fake: new FakeBios(machines) },
      boot: { fake: new FakeBoot(machines) },
      console: { fake: new FakeConsole(machines) },
      deploy: { fake: new FakeDeploy(machines) },
      firmware: { fake: new FakeFirmware(machines) },
      inspect: { fake: new FakeInspect(machines) },
      management: { fake: new FakeManagement(machines) },
      power: { fake: new FakePower(machines) },
      raid: { fake: new FakeRaid() },
      rescue: { fake: new FakeRescue(machines) },
      storage: { fake: new FakeStorage() },
      vendor: { fake: new FakeVendor() },
    },
  };
}
