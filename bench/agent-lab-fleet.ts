// The lab VMs of bench/agent-lab.ts: created with the lab's vm.sh (one disk each), each behind its own ipmi_sim,
// enrolled in Ferro as `ipmi` nodes with iPXE boot and direct deploy, and moved through provide/deploy with each
// move timed from the API request to the node's stable state.
import { join } from 'node:path';
import { provision, waitForProvisionState, type LabNode } from '../test/support/agent-lab.js';
import { api } from '../test/support/api-client.js';
import type { Lab } from '../test/support/lab.js';
import { labMac } from '../test/support/pxe-lab.js';

/** One lab VM and the node enrolled for it. */
export interface BenchVm {
  index: number;
  name: string;
  ipmiPort: number;
  uuid: string;
}

/** Where a VM's serial console and its BMC's chassis log are. */
export const vmFiles = (lab: Lab, vm: Pick<BenchVm, 'name'>): { serialLog: string; chassisLog: string } => ({
  serialLog: join(lab.runDir, 'vms', vm.name, 'serial.log'),
  chassisLog: join(lab.runDir, 'bmcs', vm.name, 'chassis.log'),
});

/** Creates VM `bench<index>` (tap<index>, MAC labMac(index)) with one disk, and its ipmi_sim on 6230+index. */
export async function createVm(
  lab: Lab,
  index: number,
  size: { memMiB: number; diskGiB: number },
): Promise<Omit<BenchVm, 'uuid'>> {
  const name = `bench${String(index)}`;
  const ipmiPort = 6230 + index;
  await lab.mustScript('vm.sh', [
    'create',
    name,
    '--mem',
    String(size.memMiB),
    '--disk-size',
    `${String(size.diskGiB)}G`,
    '--force',
  ]);
  await lab.mustScript('bmc.sh', ['start', name, '--ipmi', String(ipmiPort)]);
  return { index, name, ipmiPort };
}

/** Enrolls the node of `vm` with its boot NIC as a port, then `manage` (which checks the BMC). */
export async function enrollVm(baseUrl: string, vm: Omit<BenchVm, 'uuid'>, timeoutMs: number): Promise<BenchVm> {
  const created = await api<{ uuid: string }>(baseUrl, 'POST', '/v1/nodes', {
    name: vm.name,
    driver: 'ipmi',
    boot_interface: 'ipxe',
    deploy_interface: 'direct',
    driver_info: {
      ipmi_address: '127.0.0.1',
      ipmi_port: vm.ipmiPort,
      ipmi_username: 'admin',
      ipmi_password: 'password',
      ipmi_cipher_suite: '3',
      deploy_kernel: 'ferro-deploy.kernel',
      deploy_ramdisk: 'ferro-deploy.initramfs',
    },
  });
  if (created.status !== 201)
    throw new Error(`enroll ${vm.name} answered ${String(created.status)}: ${JSON.stringify(created.body)}`);
  const uuid = created.body.uuid;
  const port = await api(baseUrl, 'POST', '/v1/ports', { address: labMac(vm.index), node_uuid: uuid });
  if (port.status !== 201)
    throw new Error(`port of ${vm.name} answered ${String(port.status)}: ${JSON.stringify(port.body)}`);
  await provision(baseUrl, uuid, { target: 'manage' });
  await waitForProvisionState(baseUrl, uuid, 'manageable', timeoutMs);
  return { ...vm, uuid };
}

/**
 * Sends `target` and waits for `state`; resolves with the seconds from the request to the state change, read from the
 * node's `provision_updated_at` (same host clock), so the 1 s polling of the wait does not blur the figure.
 */
export async function timedMove(
  baseUrl: string,
  vm: BenchVm,
  target: string,
  state: string,
  timeoutMs: number,
): Promise<number> {
  const startedAt = Date.now();
  await provision(baseUrl, vm.uuid, { target });
  const reached: LabNode & { provision_updated_at?: unknown } = await waitForProvisionState(
    baseUrl,
    vm.uuid,
    state,
    timeoutMs,
  );
  const changedAt =
    typeof reached.provision_updated_at === 'string' ? Date.parse(reached.provision_updated_at) : Number.NaN;
  return ((Number.isFinite(changedAt) && changedAt >= startedAt ? changedAt : Date.now()) - startedAt) / 1000;
}

/** Sets the raw image to deploy (checksum verified by the agent while writing). */
export async function setInstanceImage(baseUrl: string, vm: BenchVm, imageUrl: string, sha256: string): Promise<void> {
  const patched = await api(baseUrl, 'PATCH', `/v1/nodes/${vm.uuid}`, [
    { op: 'add', path: '/instance_info/image_source', value: imageUrl },
    { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
    { op: 'add', path: '/instance_info/image_os_hash_value', value: sha256 },
    { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
  ]);
  if (patched.status !== 200)
    throw new Error(`instance_info of ${vm.name} answered ${String(patched.status)}: ${JSON.stringify(patched.body)}`);
}
