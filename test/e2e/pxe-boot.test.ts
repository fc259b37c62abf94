// Issue #4 (network boot) in the lab: QEMU VMs of ../shared/lab PXE-boot through iPXE and load their kernel and
// initramfs from Ferro's HTTP boot server, which renders each machine's iPXE script from the database. DHCP is
// still a reference dnsmasq started here (Ferro's own DHCP server is another part of the issue). The suite runs in
// a namespace of its own (LAB_NS, default ferro-pxe) so it never meets other lab users, and builds the lab's test
// ramdisk into LAB_BUILD_DIR (default $TMPDIR/ferro-pxe-lab/build), never into ../shared.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../conductor/persistence/index.js';
import { systemClock, type ProvisionState } from '../../core/index.js';
import { api } from '../support/api-client.js';
import { startLabConductor, type LabProcess } from '../support/lab-process.js';
import { labUnavailable, runCommand, serialLog, startLab, type Lab } from '../support/lab.js';

const NAMESPACE = process.env.LAB_NS ?? 'ferro-pxe';
const WORK = process.env.FERRO_PXE_LAB_DIR ?? join(tmpdir(), 'ferro-pxe-lab');
process.env.LAB_BUILD_DIR ??= join(WORK, 'build');
process.env.LAB_CACHE_DIR ??= join(WORK, 'cache');
const BUILD = process.env.LAB_BUILD_DIR;
// Boot server A on a second bridge address (so a test can make its host vanish), B on the bridge's own.
const IP_A = '10.254.0.2';
const IP_B = '10.254.0.1';
const URL_A = `http://${IP_A}:8088`;
const URL_B = `http://${IP_B}:8089`;
const KEEP = process.env.FERRO_E2E_KEEP === '1';

const why = (await labUnavailable()) ??
  ((await runCommand('sh', ['-c', 'command -v dnsmasq'])).code !== 0 ? 'dnsmasq is not installed (Debian package dnsmasq)' : undefined);
if (why) console.warn(`SKIP PXE lab e2e: ${why}`);

/** The reference DHCP server: iPXE (user class iPXE / option 175) gets Ferro's boot.ipxe, UEFI HTTP boot snponly.efi. */
function dnsmasqConfig(runDir: string, bootServer: string): string {
  return [
    'port=0', 'interface=br0', 'bind-interfaces', 'user=root', 'dhcp-range=10.254.0.100,10.254.0.199,10m',
    'dhcp-authoritative', `dhcp-leasefile=${join(runDir, 'dnsmasq.leases')}`, 'dhcp-option=option:router',
    'dhcp-option=option:dns-server', 'log-dhcp', `log-facility=${join(runDir, 'dnsmasq.log')}`,
    'dhcp-match=set:ipxe,175', 'dhcp-userclass=set:ipxe,iPXE', 'dhcp-option=tag:ipxe,encap:175,176,1',
    `dhcp-boot=tag:ipxe,${bootServer}/boot.ipxe`,
    'dhcp-match=set:efihttp,option:client-arch,16', 'dhcp-option-force=tag:efihttp,60,HTTPClient',
    `dhcp-boot=tag:!ipxe,tag:efihttp,${bootServer}/snponly.efi`,
    // iPXE waits ~13 s for an IPv6 router advertisement otherwise (lab README).
    'enable-ra', 'dhcp-range=::,constructor:br0,ra-only', 'ra-param=br0,60,0', '',
  ].join('\n');
}

describe.skipIf(why !== undefined)('PXE boot through Ferro\'s HTTP boot server (lab)', () => {
  let lab: Lab | undefined;
  let dnsmasq: ChildProcess | undefined;
  const conductors: LabProcess[] = [];
  let failed = false;
  const figures: string[] = [];
  let baselineS: number | undefined;
  /** True when the conductor's debug log shows it answered GET `path` with 200. */
  const servedBy = (conductor: LabProcess | undefined, path: string): boolean =>
    (conductor?.output() ?? '').split('\n').some((line) => line.includes(`"url":"${path}","status":200`));

  /** Enrolls a node for VM `index` with the lab kernel and ramdisk, and puts it in `state` (as a deploy would). */
  async function enroll(index: number, state: ProvisionState, marker: string): Promise<void> {
    const conductor = conductors[0];
    if (conductor === undefined || lab === undefined) throw new Error('no conductor');
    const mac = `52:54:00:6c:ab:${index.toString(16).padStart(2, '0')}`;
    const created = await api<{ uuid: string }>(conductor.hostUrl, 'POST', '/v1/nodes', {
      driver: 'fake-hardware', name: `pxe-${String(index)}`,
      driver_info: { deploy_kernel: 'vmlinuz', deploy_ramdisk: 'initrd-busybox.img', kernel_append_params: `console=ttyS0,115200 lab.marker=${marker} lab.net=0` },
    });
    expect(created.status).toBe(201);
    expect((await api(conductor.hostUrl, 'POST', '/v1/ports', { address: mac, node_uuid: created.body.uuid })).status).toBe(201);
    const store = await openStore(`sqlite://${join(lab.runDir, 'conductor', 'ferro.db')}`, { clock: systemClock });
    try {
      const node = await store.nodes.get(created.body.uuid);
      await store.nodes.update(created.body.uuid, node?.version ?? 0, { provision_state: state });
    } finally {
      await store.close();
    }
  }

  /** Adds or removes boot server A's address on the bridge: without it, A's host is gone for the VMs. */
  async function setAddressA(action: 'add' | 'del'): Promise<void> {
    const result = await runCommand('ip', ['-n', NAMESPACE, 'addr', action, `${IP_A}/24`, 'dev', 'br0']);
    if (result.code !== 0 && !(action === 'add' && result.stderr.includes('exists'))) throw new Error(`ip addr ${action}: ${result.stderr}`);
  }

  /** Runs `act` once, as soon as `conductor` logs that it served VM `index`'s node script; returns a stop function. */
  function onScriptServed(conductor: LabProcess, index: number, act: () => void): { stop(): void; happened(): boolean } {
    let done = false;
    const needle = `"mac":"52:54:00:6c:ab:0${String(index)}","provisionState":"wait call-back","msg":"iPXE script served"`;
    const timer = setInterval(() => {
      if (!done && conductor.output().includes(needle)) {
        done = true;
        act();
      }
    }, 10);
    return { stop: () => { clearInterval(timer); }, happened: () => done };
  }

  /** Moves the node of VM `index` to `state` directly in the shared database. */
  async function setState(index: number, state: ProvisionState): Promise<void> {
    const store = await openStore(`sqlite://${join(lab!.runDir, 'conductor', 'ferro.db')}`, { clock: systemClock });
    try {
      const port = (await store.ports.list({ address: `52:54:00:6c:ab:0${String(index)}` }, { limit: 1, sortKey: 'id', sortDir: 'asc' }))[0];
      const node = port === undefined ? undefined : await store.nodes.get(port.node_uuid);
      if (node === undefined) throw new Error(`no node for VM ${String(index)}`);
      await store.nodes.update(node.uuid, node.version, { provision_state: state });
    } finally {
      await store.close();
    }
  }

  /** Powers VM `name` on and resolves with the seconds until `marker` is on its serial console. */
  async function bootUntil(name: string, marker: string, firmware: 'bios' | 'uefi', extra: string[] = []): Promise<number> {
    if (lab === undefined) throw new Error('no lab');
    await lab.mustScript('vm.sh', ['create', name, '--firmware', firmware, '--mem', '512', '--force', ...extra]);
    const startedAt = Date.now();
    await lab.mustScript('vm.sh', ['start', name]);
    const waited = await lab.script('vm.sh', ['wait-serial', name, marker, '240'], 260_000);
    const seconds = (Date.now() - startedAt) / 1000;
    await lab.script('vm.sh', ['stop', name]);
    if (waited.code !== 0) throw new Error(`${name} never printed ${marker}; serial console:\n${(await serialLog(lab, name)).slice(-3000)}`);
    return seconds;
  }

  beforeAll(async () => {
    if (!existsSync(join(BUILD, 'initrd-busybox.img'))) {
      const built = await runCommand(join(import.meta.dirname, '../../../shared/lab/build-test-ramdisk.sh'), [], { timeoutMs: 300_000 });
      if (built.code !== 0) throw new Error(`build-test-ramdisk.sh failed: ${built.stderr}`);
    }
    lab = await startLab({ taps: 6, namespace: NAMESPACE });
    const runDir = lab.runDir;
    const images = join(runDir, 'images');
    mkdirSync(images, { recursive: true });
    for (const file of ['vmlinuz', 'initrd-busybox.img']) linkSync(join(BUILD, file), join(images, file));
    await setAddressA('add');
    const peer = (own: string, other: string): Record<string, string> => ({
      FERRO_HTTP_BOOT_ENABLED: 'true', FERRO_HTTP_BOOT_HOST: new URL(own).hostname, FERRO_HTTP_BOOT_PORT: new URL(own).port,
      FERRO_HTTP_BOOT_PUBLIC_URL: own, FERRO_HTTP_BOOT_PEER_URLS: other, FERRO_HTTP_BOOT_IMAGE_ROOT: images, FERRO_LOG_LEVEL: 'debug',
      FERRO_DATABASE_URL: `sqlite://${join(runDir, 'conductor', 'ferro.db')}`, FERRO_CONDUCTOR_HOSTNAME: `pxe-${new URL(own).port}`,
      // httpBoot.downloadTimeoutMs bounds the wait for a vanished host; FERRO_PXE_DOWNLOAD_TIMEOUT_MS=0 shows iPXE's own.
      ...(process.env.FERRO_PXE_DOWNLOAD_TIMEOUT_MS === undefined ? {} : { FERRO_HTTP_BOOT_DOWNLOAD_TIMEOUT_MS: process.env.FERRO_PXE_DOWNLOAD_TIMEOUT_MS }),
    });
    conductors.push(await startLabConductor(lab, peer(URL_A, URL_B)));
    conductors.push(await startLabConductor(lab, peer(URL_B, URL_A)));
    const conf = join(lab.runDir, 'dnsmasq.conf');
    writeFileSync(conf, dnsmasqConfig(lab.runDir, URL_A));
    dnsmasq = spawn('ip', ['netns', 'exec', lab.namespace, 'dnsmasq', '-k', '-C', conf], { stdio: 'ignore' });
  });

  afterAll(async () => {
    if (dnsmasq?.pid !== undefined && dnsmasq.exitCode === null) dnsmasq.kill('SIGTERM');
    for (const conductor of conductors) await conductor.stop(2000);
    if (lab !== undefined) {
      const problems = await lab.stop({ keepRunDir: KEEP || failed });
      if (problems.length > 0) console.warn(`lab teardown: ${problems.join('; ')}`);
      if (KEEP || failed) console.warn(`lab run directory kept: ${lab.runDir}`);
    }
    if (figures.length > 0) console.log(`PXE lab figures:\n  ${figures.join('\n  ')}`);
  });

  it('SeaBIOS: iPXE fetches its script, kernel and initramfs from Ferro and boots the ramdisk', async () => {
    const marker = `FERRO-PXE-BIOS-${randomUUID().slice(0, 8)}`;
    await enroll(1, 'wait call-back', marker);
    try {
      const seconds = await bootUntil('fpxe1', marker, 'bios');
      baselineS = seconds;
      figures.push(`BIOS (SeaBIOS, QEMU iPXE ROM), deploy ramdisk over Ferro HTTP: ${seconds.toFixed(1)} s power on -> marker`);
      const console = await serialLog(lab!, 'fpxe1');
      expect(console).toContain('Ferro: asking for the script of 52:54:00:6c:ab:01');
      expect(console).toContain('Ferro: pxe-1, wait call-back');
      expect(console).toContain('Ferro: loading the deploy ramdisk (attempt 1/10)');
      expect(servedBy(conductors[0], '/images/initrd-busybox.img')).toBe(true);
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('OVMF with the iPXE EFI ROM boots the same way; an active node is handed back to the firmware', async () => {
    const marker = `FERRO-PXE-UEFI-${randomUUID().slice(0, 8)}`;
    await enroll(2, 'clean wait', marker);
    try {
      const seconds = await bootUntil('fpxe2', marker, 'uefi');
      figures.push(`UEFI (OVMF, QEMU iPXE EFI ROM), clean ramdisk over Ferro HTTP: ${seconds.toFixed(1)} s power on -> marker`);
      await setState(2, 'active');
      await bootUntil('fpxe2', 'booting from the local disk', 'uefi');
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('OVMF without a NIC ROM UEFI-HTTP-boots snponly.efi from Ferro, then iPXE as before', async () => {
    const marker = `FERRO-PXE-HTTPBOOT-${randomUUID().slice(0, 8)}`;
    await enroll(3, 'inspect wait', marker);
    try {
      const seconds = await bootUntil('fpxe3', marker, 'uefi', ['--nic-rom', 'none']);
      figures.push(`UEFI HTTP boot (OVMF, no NIC ROM) -> snponly.efi -> iPXE -> inspect ramdisk: ${seconds.toFixed(1)} s power on -> marker`);
      expect(servedBy(conductors[0], '/snponly.efi')).toBe(true);
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('failover: the host of the boot server that sent the script vanishes, the VM boots from the other one', async () => {
    const marker = `FERRO-PXE-HOST-GONE-${randomUUID().slice(0, 8)}`;
    await enroll(4, 'wait call-back', marker);
    const [a, b] = conductors;
    if (a === undefined || b === undefined) throw new Error('two conductors expected');
    const trigger = onScriptServed(a, 4, () => void setAddressA('del'));
    try {
      const seconds = await bootUntil('fpxe4', marker, 'bios');
      expect(trigger.happened()).toBe(true);
      expect(servedBy(b, '/images/initrd-busybox.img')).toBe(true);
      figures.push(`failover (BIOS), host of A unreachable after the node script: ${seconds.toFixed(1)} s power on -> marker, ${(seconds - (baselineS ?? seconds)).toFixed(1)} s more than the undisturbed BIOS boot`);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      trigger.stop();
      await setAddressA('add');
    }
  });

  it('failover: the boot server that sent the script is killed, the VM boots from the other one', async () => {
    const marker = `FERRO-PXE-KILLED-${randomUUID().slice(0, 8)}`;
    await enroll(5, 'wait call-back', marker);
    const [a, b] = conductors;
    if (a === undefined || b === undefined) throw new Error('two conductors expected');
    // SIGKILL to the conductor this suite started (ip netns exec execs node, so the PID is node's).
    const trigger = onScriptServed(a, 5, () => { process.kill(a.pid, 'SIGKILL'); });
    try {
      const seconds = await bootUntil('fpxe5', marker, 'bios');
      expect(trigger.happened()).toBe(true);
      expect(servedBy(b, '/images/initrd-busybox.img')).toBe(true);
      figures.push(`failover (BIOS), boot server A killed after the node script: ${seconds.toFixed(1)} s power on -> marker, ${(seconds - (baselineS ?? seconds)).toFixed(1)} s more than the undisturbed BIOS boot`);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      trigger.stop();
    }
  });
});
