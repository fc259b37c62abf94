// Helpers of the PXE lab suites (test/e2e/pxe-*.test.ts): the lab's test ramdisk, a reference dnsmasq, nodes
// enrolled for lab VMs, VM boots timed to a serial-console marker, and what a conductor's debug log shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../conductor/persistence/index.js';
import { systemClock, type ProvisionState } from '../../core/index.js';
import { api } from './api-client.js';
import type { LabProcess } from './lab-process.js';
import { LAB_DIR, runCommand, serialLog, type Lab } from './lab.js';

/** MAC of lab VM `index` (lab.conf LAB_MAC_PREFIX). */
export const labMac = (index: number): string => `52:54:00:6c:ab:${index.toString(16).padStart(2, '0')}`;

/** Builds the lab's busybox test ramdisk into LAB_BUILD_DIR unless it is there. */
export async function ensureTestRamdisk(buildDir: string): Promise<void> {
  if (existsSync(join(buildDir, 'initrd-busybox.img'))) return;
  const built = await runCommand(join(LAB_DIR, 'build-test-ramdisk.sh'), [], { timeoutMs: 300_000 });
  if (built.code !== 0) throw new Error(`build-test-ramdisk.sh failed: ${built.stderr}`);
}

/**
 * dnsmasq for the lab bridge: with `bootServer`, the reference DHCP (iPXE gets `<bootServer>/boot.ipxe`, UEFI HTTP
 * boot `<bootServer>/snponly.efi`); without, IPv6 router advertisements only (iPXE waits ~13 s for one otherwise).
 */
export function startDnsmasq(lab: Lab, bootServer: string | undefined): ChildProcess {
  const dhcp = bootServer === undefined ? [] : [
    'dhcp-range=10.254.0.100,10.254.0.199,10m', 'dhcp-authoritative', `dhcp-leasefile=${join(lab.runDir, 'dnsmasq.leases')}`,
    'dhcp-option=option:router', 'dhcp-option=option:dns-server', 'log-dhcp',
    'dhcp-match=set:ipxe,175', 'dhcp-userclass=set:ipxe,iPXE', 'dhcp-option=tag:ipxe,encap:175,176,1',
    `dhcp-boot=tag:ipxe,${bootServer}/boot.ipxe`,
    'dhcp-match=set:efihttp,option:client-arch,16', 'dhcp-option-force=tag:efihttp,60,HTTPClient',
    `dhcp-boot=tag:!ipxe,tag:efihttp,${bootServer}/snponly.efi`,
  ];
  const conf = join(lab.runDir, 'dnsmasq.conf');
  writeFileSync(conf, [
    'port=0', 'interface=br0', 'bind-interfaces', 'user=root', `log-facility=${join(lab.runDir, 'dnsmasq.log')}`, ...dhcp,
    'enable-ra', 'dhcp-range=::,constructor:br0,ra-only', 'ra-param=br0,60,0', '',
  ].join('\n'));
  return spawn('ip', ['netns', 'exec', lab.namespace, 'dnsmasq', '-k', '-C', conf], { stdio: 'ignore' });
}

/** Sets the provision state of the node owning VM `index`'s port, directly in the shared SQLite database. */
export async function setNodeState(databasePath: string, index: number, state: ProvisionState): Promise<void> {
  const store = await openStore(`sqlite://${databasePath}`, { clock: systemClock });
  try {
    const port = (await store.ports.list({ address: labMac(index) }, { limit: 1, sortKey: 'id', sortDir: 'asc' }))[0];
    const node = port === undefined ? undefined : await store.nodes.get(port.node_uuid);
    if (node === undefined) throw new Error(`no node for VM ${String(index)}`);
    await store.nodes.update(node.uuid, node.version, { provision_state: state });
  } finally {
    await store.close();
  }
}

/** Enrolls a node for VM `index` that boots the lab kernel + ramdisk printing `marker`, then puts it in `state`. */
export async function enrollPxeNode(conductor: LabProcess, databasePath: string, index: number, state: ProvisionState, marker: string): Promise<void> {
  const created = await api<{ uuid: string }>(conductor.hostUrl, 'POST', '/v1/nodes', {
    driver: 'fake-hardware', name: `pxe-${String(index)}`,
    driver_info: { deploy_kernel: 'vmlinuz', deploy_ramdisk: 'initrd-busybox.img', kernel_append_params: `console=ttyS0,115200 lab.marker=${marker} lab.net=0` },
  });
  if (created.status !== 201) throw new Error(`node create answered ${String(created.status)}`);
  const port = await api(conductor.hostUrl, 'POST', '/v1/ports', { address: labMac(index), node_uuid: created.body.uuid });
  if (port.status !== 201) throw new Error(`port create answered ${String(port.status)}`);
  await setNodeState(databasePath, index, state);
}

/** Creates VM `name` afresh, powers it on and resolves with the seconds until `marker` is on its serial console. */
export async function bootVmUntil(lab: Lab, name: string, marker: string, firmware: 'bios' | 'uefi', extra: readonly string[] = []): Promise<number> {
  await lab.mustScript('vm.sh', ['create', name, '--firmware', firmware, '--mem', '512', '--force', ...extra]);
  const startedAt = Date.now();
  await lab.mustScript('vm.sh', ['start', name]);
  const waited = await lab.script('vm.sh', ['wait-serial', name, marker, '240'], 260_000);
  const seconds = (Date.now() - startedAt) / 1000;
  await lab.script('vm.sh', ['stop', name]);
  if (waited.code !== 0) throw new Error(`${name} never printed ${marker}; serial console:\n${(await serialLog(lab, name)).slice(-3000)}`);
  return seconds;
}

/** True when the conductor's debug log shows its HTTP boot server answered GET `path` with 200. */
export function servedBy(conductor: LabProcess | undefined, path: string): boolean {
  return (conductor?.output() ?? '').split('\n').some((line) => line.includes(`"url":"${path}","status":200`));
}

/** Runs `act` once, as soon as `conductor` logs that it served VM `index`'s deploy script. */
export function onScriptServed(conductor: LabProcess, index: number, act: () => void): { stop(): void; happened(): boolean } {
  let done = false;
  const needle = `"mac":"${labMac(index)}","provisionState":"wait call-back","msg":"iPXE script served"`;
  const timer = setInterval(() => {
    if (!done && conductor.output().includes(needle)) {
      done = true;
      act();
    }
  }, 10);
  return { stop: () => { clearInterval(timer); }, happened: () => done };
}
