import type { JsonObject, NodeRef } from '../../core/index.js';
import type { DriverContext, InspectInterface, InspectOutcome } from '../interfaces/index.js';
import { driverInfoNumber, fakeMacAddress, type FakeMachine, type FakeMachines } from './fake-machines.js';

const GIB = 1024 ** 3;

/**
 * `fake` inspect. Ironic's does nothing; ours reports believable hardware (overridable through driver_info
 * fake_cpus, fake_memory_mb, fake_local_gb, fake_cpu_arch), one PXE NIC with a stable MAC, and the IPA-shaped
 * inventory an agent would have posted for such a machine (ironic.md §5.4).
 */
export class FakeInspect implements InspectInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  async inspectHardware(node: NodeRef, ctx: DriverContext): Promise<InspectOutcome> {
    const machine = this.machines.bmc(node);
    await this.machines.delay(this.machines.options.inspectDelayMs, ctx.signal);
    const info = node.driver_info;
    const hardware: FakeHardware = {
      cpus: driverInfoNumber(info, 'fake_cpus', 8),
      memoryMb: driverInfoNumber(info, 'fake_memory_mb', 16384),
      localGb: driverInfoNumber(info, 'fake_local_gb', 100),
      cpuArch: typeof info['fake_cpu_arch'] === 'string' ? info['fake_cpu_arch'] : 'x86_64',
      mac: fakeMacAddress(node.uuid),
    };
    return {
      result: 'done',
      properties: { cpus: hardware.cpus, memory_mb: hardware.memoryMb, local_gb: hardware.localGb, cpu_arch: hardware.cpuArch },
      ports: [{ address: hardware.mac, pxe_enabled: true }],
      inventory: fakeInventory(node, machine, hardware),
    };
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }
}

interface FakeHardware {
  cpus: number;
  memoryMb: number;
  localGb: number;
  cpuArch: string;
  mac: string;
}

/** The inventory IPA's list_hardware_info would report; the disk is 1 GiB larger than local_gb, as Ironic subtracts one. */
function fakeInventory(node: NodeRef, machine: FakeMachine, hw: FakeHardware): JsonObject {
  const serial = node.uuid.replace(/-/g, '').slice(0, 12).toUpperCase();
  const bios = machine.firmware.find((c) => c.component === 'bios');
  return {
    interfaces: [{ name: 'eth0', mac_address: hw.mac, ipv4_address: null, has_carrier: true, vendor: '0x1af4', product: '0x0001', speed_mbps: 1000, driver: 'virtio_net' }],
    cpu: { model_name: 'Fake CPU', frequency: '2400.000', count: hw.cpus, architecture: hw.cpuArch, flags: ['fpu', 'vmx', 'lm'], socket_count: 1 },
    disks: [{ name: '/dev/sda', model: 'Fake Disk', size: (hw.localGb + 1) * GIB, rotational: false, serial: `FAKE${serial}`, vendor: 'Ferro', wwn: null, hctl: '0:0:0:0', by_path: '/dev/disk/by-path/pci-0000:00:05.0-scsi-0:0:0:0' }],
    memory: { total: hw.memoryMb * 1024 * 1024, physical_mb: hw.memoryMb },
    bmc_address: null,
    bmc_v6address: null,
    system_vendor: {
      product_name: 'Fake Machine', serial_number: serial, manufacturer: 'Ferro',
      firmware: { vendor: 'Ferro', version: bios?.current_version ?? '1.0.0', build_date: '2024-01-01' },
    },
    boot: { current_boot_mode: machine.bootMode, pxe_interface: hw.mac },
    hostname: `fake-${serial.toLowerCase()}`,
  };
}
