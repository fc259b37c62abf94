import type { NodeRef } from '../../core/index.js';
import type { DriverContext, InspectInterface, InspectOutcome } from '../interfaces/index.js';
import { driverInfoNumber, fakeMacAddress, type FakeMachines } from './fake-machines.js';

/**
 * `fake` inspect. Ironic's does nothing; ours reports believable hardware (overridable through driver_info
 * fake_cpus, fake_memory_mb, fake_local_gb, fake_cpu_arch) and one PXE NIC with a stable MAC.
 */
export class FakeInspect implements InspectInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  async inspectHardware(node: NodeRef, ctx: DriverContext): Promise<InspectOutcome> {
    this.machines.bmc(node);
    await this.machines.delay(this.machines.options.inspectDelayMs, ctx.signal);
    const info = node.driver_info;
    const arch = typeof info['fake_cpu_arch'] === 'string' ? info['fake_cpu_arch'] : 'x86_64';
    return {
      result: 'done',
      properties: {
        cpus: driverInfoNumber(info, 'fake_cpus', 8),
        memory_mb: driverInfoNumber(info, 'fake_memory_mb', 16384),
        local_gb: driverInfoNumber(info, 'fake_local_gb', 100),
        cpu_arch: arch,
      },
      ports: [{ address: fakeMacAddress(node.uuid), pxe_enabled: true }],
    };
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }
}
