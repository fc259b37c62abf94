// Issue #4 (network boot) in the lab with Ferro's own servers only: its DHCP server hands out the lease and the boot
// file, its TFTP server the iPXE binary for firmware that is not iPXE, its HTTP boot server the script, kernel and
// initramfs, and its IPv6 router advertiser ends iPXE's wait for one (~13 s otherwise). Namespace
// LAB_NS (default ferro-pxe, its own), test ramdisk in LAB_BUILD_DIR (default $TMPDIR/ferro-pxe-lab/build).
import { randomUUID } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabConductor, type LabProcess } from '../support/lab-process.js';
import { labUnavailable, runCommand, serialLog, startLab, type Lab } from '../support/lab.js';
import { bootVmUntil, enrollPxeNode, ensureTestRamdisk, onScriptServed, servedBy } from '../support/pxe-lab.js';

const NAMESPACE = process.env.LAB_NS ?? 'ferro-pxe';
const WORK = process.env.FERRO_PXE_LAB_DIR ?? join(tmpdir(), 'ferro-pxe-lab');
process.env.LAB_BUILD_DIR ??= join(WORK, 'build');
process.env.LAB_CACHE_DIR ??= join(WORK, 'cache');
const BUILD = process.env.LAB_BUILD_DIR;
const IPXE_DIR = process.env.FERRO_IPXE_DIR ?? '/usr/lib/ipxe';
const BOOT_URL = 'http://10.254.0.1:8088';
const PEER_URL = 'http://10.254.0.1:8089';
const KEEP = process.env.FERRO_E2E_KEEP === '1';
const DUMMY = 'ferro-up0';

async function mustRun(file: string, args: readonly string[]): Promise<void> {
  const result = await runCommand(file, args);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr.trim()}`);
}

const why = (await labUnavailable()) ??
  ((await runCommand('sh', ['-c', `test -f ${IPXE_DIR}/snponly.efi`])).code !== 0 ? `${IPXE_DIR}/snponly.efi is missing (Debian package ipxe)` : undefined);
if (why) console.warn(`SKIP PXE lab e2e with Ferro DHCP/TFTP: ${why}`);

describe.skipIf(why !== undefined)('PXE boot through Ferro\'s DHCP, TFTP and HTTP boot servers (lab)', () => {
  let lab: Lab | undefined;
  let conductor: LabProcess | undefined;
  let peer: LabProcess | undefined;
  let survivor: LabProcess | undefined;
  let baselineS: number | undefined;
  let failed = false;
  const figures: string[] = [];
  const database = (): string => join(lab!.runDir, 'conductor', 'ferro.db');

  beforeAll(async () => {
    await ensureTestRamdisk(BUILD);
    lab = await startLab({ taps: 5, namespace: NAMESPACE });
    const images = join(lab.runDir, 'images');
    const tftpRoot = join(lab.runDir, 'tftpboot');
    mkdirSync(images, { recursive: true });
    mkdirSync(tftpRoot, { recursive: true });
    for (const file of ['vmlinuz', 'initrd-busybox.img']) linkSync(join(BUILD, file), join(images, file));
    for (const file of ['undionly.kpxe', 'snponly.efi']) copyFileSync(join(IPXE_DIR, file), join(tftpRoot, file));
    // A bridge without a port that has carrier is DOWN, and os.networkInterfaces() (getifaddrs through libuv) then
    // omits it, so the DHCP server would not find br0 before the first VM starts. A veth port keeps it up.
    await mustRun('ip', ['-n', NAMESPACE, 'link', 'add', DUMMY, 'type', 'veth', 'peer', 'name', `${DUMMY}p`]);
    await mustRun('ip', ['-n', NAMESPACE, 'link', 'set', DUMMY, 'master', 'br0', 'up']);
    await mustRun('ip', ['-n', NAMESPACE, 'link', 'set', `${DUMMY}p`, 'up']);
    conductor = await startLabConductor(lab, {
      FERRO_LOG_LEVEL: 'debug',
      FERRO_HTTP_BOOT_ENABLED: 'true', FERRO_HTTP_BOOT_HOST: '10.254.0.1', FERRO_HTTP_BOOT_PUBLIC_URL: BOOT_URL,
      FERRO_HTTP_BOOT_IMAGE_ROOT: images, FERRO_HTTP_BOOT_IPXE_DIR: IPXE_DIR, FERRO_HTTP_BOOT_PEER_URLS: PEER_URL,
      FERRO_DHCP_ENABLED: 'true', FERRO_DHCP_INTERFACES: 'br0', FERRO_DHCP_SUBNETS: '10.254.0.0/24 10.254.0.100-10.254.0.199',
      FERRO_DHCP_HTTP_BASE_URL: BOOT_URL, FERRO_DHCP_ROUTER_ADVERTISEMENTS: 'true',
      FERRO_TFTP_ENABLED: 'true', FERRO_TFTP_ROOT: tftpRoot, FERRO_TFTP_INTERFACES: 'br0',
    });
  });

  afterAll(async () => {
    await conductor?.stop(2000);
    await peer?.stop(2000);
    await runCommand('ip', ['-n', NAMESPACE, 'link', 'del', DUMMY]);
    if (lab !== undefined) {
      const problems = await lab.stop({ keepRunDir: KEEP || failed });
      if (problems.length > 0) console.warn(`lab teardown: ${problems.join('; ')}`);
      if (KEEP || failed) console.warn(`lab run directory kept: ${lab.runDir}`);
    }
    if (figures.length > 0) console.log(`PXE lab figures (Ferro DHCP/TFTP/HTTP):\n  ${figures.join('\n  ')}`);
  });

  it('SeaBIOS with QEMU\'s iPXE ROM: lease and boot.ipxe from Ferro\'s DHCP, ramdisk from its HTTP boot server', async () => {
    const marker = `FERRO-DHCP-BIOS-${randomUUID().slice(0, 8)}`;
    await enrollPxeNode(conductor!, database(), 1, 'wait call-back', marker);
    try {
      const seconds = await bootVmUntil(lab!, 'fdhcp1', marker, 'bios');
      baselineS = seconds;
      figures.push(`BIOS (SeaBIOS, QEMU iPXE ROM), Ferro DHCP + HTTP: ${seconds.toFixed(1)} s power on -> marker`);
      expect(servedBy(conductor, '/boot.ipxe')).toBe(true);
      expect(await serialLog(lab!, 'fdhcp1')).toContain('Ferro: loading the deploy ramdisk (attempt 1/10)');
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('OVMF without a NIC ROM: PXE lease from Ferro, snponly.efi over Ferro\'s TFTP, then iPXE over HTTP', async () => {
    const marker = `FERRO-DHCP-UEFI-${randomUUID().slice(0, 8)}`;
    await enrollPxeNode(conductor!, database(), 2, 'clean wait', marker);
    try {
      const seconds = await bootVmUntil(lab!, 'fdhcp2', marker, 'uefi', ['--nic-rom', 'none']);
      figures.push(`UEFI (OVMF, no NIC ROM) -> Ferro DHCP -> snponly.efi by Ferro TFTP -> iPXE -> Ferro HTTP: ${seconds.toFixed(1)} s power on -> marker`);
      expect(servedBy(conductor, '/images/initrd-busybox.img')).toBe(true);
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  /** A second conductor on the same database: DHCP on br0 (handing out its own boot.ipxe) and HTTP boot, no TFTP. */
  async function startPeer(): Promise<LabProcess> {
    const images = join(lab!.runDir, 'images');
    return startLabConductor(lab!, {
      FERRO_LOG_LEVEL: 'debug', FERRO_DATABASE_URL: `sqlite://${database()}`, FERRO_CONDUCTOR_HOSTNAME: 'pxe-peer',
      FERRO_HTTP_BOOT_ENABLED: 'true', FERRO_HTTP_BOOT_HOST: '10.254.0.1', FERRO_HTTP_BOOT_PORT: '8089',
      FERRO_HTTP_BOOT_PUBLIC_URL: PEER_URL, FERRO_HTTP_BOOT_PEER_URLS: BOOT_URL, FERRO_HTTP_BOOT_IMAGE_ROOT: images,
      FERRO_DHCP_ENABLED: 'true', FERRO_DHCP_INTERFACES: 'br0', FERRO_DHCP_SUBNETS: '10.254.0.0/24 10.254.0.100-10.254.0.199',
      FERRO_DHCP_HTTP_BASE_URL: PEER_URL, FERRO_DHCP_ROUTER_ADVERTISEMENTS: 'true',
    });
  }

  it('failover: two conductors serve DHCP and HTTP boot; the one that sent the script is killed, the VM still boots', async () => {
    peer = await startPeer();
    const marker = `FERRO-DHCP-FAILOVER-${randomUUID().slice(0, 8)}`;
    await enrollPxeNode(conductor!, database(), 3, 'wait call-back', marker);
    const servers = [conductor!, peer];
    let victim: LabProcess | undefined;
    // SIGKILL to the conductor this suite started (ip netns exec execs node, so the PID is node's).
    const triggers = servers.map((s) => onScriptServed(s, 3, () => { victim ??= s; if (victim === s) process.kill(s.pid, 'SIGKILL'); }));
    try {
      const seconds = await bootVmUntil(lab!, 'fdhcp3', marker, 'bios');
      expect(victim).toBeDefined();
      survivor = servers.find((s) => s !== victim);
      expect(servedBy(survivor, '/images/initrd-busybox.img')).toBe(true);
      figures.push(`failover (BIOS), Ferro DHCP on both, the conductor that sent the script killed: ${seconds.toFixed(1)} s power on -> marker, ${(seconds - (baselineS ?? seconds)).toFixed(1)} s more than the undisturbed boot (${victim === peer ? 'peer' : 'first'} conductor killed)`);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      for (const t of triggers) t.stop();
    }
  });

  it('failover: with one conductor dead before power on, the other one\'s DHCP and HTTP boot serve the whole boot', async () => {
    const alive = survivor;
    expect(alive, 'the previous case leaves one conductor alive').toBeDefined();
    const marker = `FERRO-DHCP-ONE-LEFT-${randomUUID().slice(0, 8)}`;
    await enrollPxeNode(alive!, database(), 4, 'wait call-back', marker);
    try {
      const seconds = await bootVmUntil(lab!, 'fdhcp4', marker, 'bios');
      expect(servedBy(alive, '/boot.ipxe')).toBe(true);
      figures.push(`one conductor dead before power on (BIOS), the survivor's DHCP + HTTP: ${seconds.toFixed(1)} s power on -> marker`);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
});

