// Issue #4 (network boot) in the lab: QEMU VMs of ../shared/lab PXE-boot through iPXE and load their kernel and
// initramfs from Ferro's HTTP boot server, which renders each machine's iPXE script from the database. DHCP is a
// reference dnsmasq here, so this suite isolates the HTTP side (pxe-ferro-dhcp.test.ts uses Ferro's DHCP and TFTP). It runs in
// a namespace of its own (LAB_NS, default ferro-pxe) so it never meets other lab users, and builds the lab's test
// ramdisk into LAB_BUILD_DIR (default $TMPDIR/ferro-pxe-lab/build), never into ../shared.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisionState } from '../../core/index.js';
import { startLabConductor, type LabProcess } from '../support/lab-process.js';
import { bootVmUntil, enrollPxeNode, ensureTestRamdisk, onScriptServed, servedBy, setNodeState, startDnsmasq } from '../support/pxe-lab.js';
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

describe.skipIf(why !== undefined)('PXE boot through Ferro\'s HTTP boot server (lab)', () => {
  let lab: Lab | undefined;
  let dnsmasq: ChildProcess | undefined;
  const conductors: LabProcess[] = [];
  let failed = false;
  const figures: string[] = [];
  let baselineS: number | undefined;
  const database = (): string => join(lab!.runDir, 'conductor', 'ferro.db');
  const enroll = (index: number, state: ProvisionState, marker: string): Promise<void> => enrollPxeNode(conductors[0]!, database(), index, state, marker);
  const bootUntil = (name: string, marker: string, firmware: 'bios' | 'uefi', extra: string[] = []): Promise<number> => bootVmUntil(lab!, name, marker, firmware, extra);

  /** Adds or removes boot server A's address on the bridge: without it, A's host is gone for the VMs. */
  async function setAddressA(action: 'add' | 'del'): Promise<void> {
    const result = await runCommand('ip', ['-n', NAMESPACE, 'addr', action, `${IP_A}/24`, 'dev', 'br0']);
    if (result.code !== 0 && !(action === 'add' && result.stderr.includes('exists'))) throw new Error(`ip addr ${action}: ${result.stderr}`);
  }

  beforeAll(async () => {
    await ensureTestRamdisk(BUILD);
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
    dnsmasq = startDnsmasq(lab, URL_A);
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
      await setNodeState(database(), 2, 'active');
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
