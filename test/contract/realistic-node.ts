import type { NodeRecord } from '../../core/index.js';
import { aNode } from './repository-fixtures.js';

/** A node carrying what a deployed Ironic node carries (about 2 KB of JSON), for timing and memory checks. */
export function aRealisticNode(i: number): NodeRecord {
  return aNode({
    name: `node-${String(i).padStart(5, '0')}`,
    driver: i % 2 === 0 ? 'redfish' : 'ipmi',
    provision_state: 'active',
    power_state: 'power on',
    resource_class: 'baremetal',
    conductor_group: `rack${i % 8}`,
    instance_uuid: `0b0b0b0b-0000-4000-8000-${String(i).padStart(12, '0')}`,
    driver_info: {
      redfish_address: `https://10.1.${i % 250}.${i % 200}`,
      redfish_system_id: '/redfish/v1/Systems/1',
      redfish_username: 'admin',
      redfish_password: 'secret',
      redfish_verify_ca: false,
      deploy_kernel: 'http://images/ipa.kernel',
      deploy_ramdisk: 'http://images/ipa.initramfs',
    },
    driver_internal_info: {
      agent_url: `http://10.2.${i % 250}.10:9999`,
      agent_version: '9.13.0',
      is_whole_disk_image: true,
      agent_last_heartbeat: '2024-05-01T10:00:00.000000',
      clean_steps: null,
      deploy_steps: null,
      last_power_state_change: '2024-05-01T10:00:00.000000',
    },
    instance_info: {
      image_source: 'http://images/ubuntu-22.04.qcow2',
      image_os_hash_algo: 'sha256',
      image_os_hash_value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      root_gb: 100,
      image_disk_format: 'qcow2',
      capabilities: { boot_mode: 'uefi' },
    },
    properties: {
      cpu_arch: 'x86_64',
      cpus: 64,
      memory_mb: 262144,
      local_gb: 1800,
      vendor: 'Dell Inc.',
      capabilities: 'boot_mode:uefi,secure_boot:true',
      root_device: { serial: `S4EVNX0N${i}` },
    },
    extra: { rack_position: i % 42, asset_tag: `AT-${i}` },
    traits: ['CUSTOM_GPU', 'HW_CPU_X86_AVX2'],
    network_data: {
      links: [{ id: 'eth0', type: 'phy', ethernet_mac_address: '52:54:00:00:00:01' }],
      networks: [],
      services: [],
    },
  });
}
