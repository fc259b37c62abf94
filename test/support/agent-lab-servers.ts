// Ferro's side of an agent lab, shared by test/e2e/agent-deploy.test.ts and bench/agent-lab.ts: the deploy ramdisk and iPXE files published, br0 kept up, and one conductor in the lab
// namespace serving the API (beyond loopback: the agents call it on the bridge), DHCP, TFTP and HTTP boot.
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RAMDISK } from './agent-lab.js';
import { startLabConductor, type LabProcess } from './lab-process.js';
import { freeLabPort, runCommand, type Lab } from './lab.js';

/** The HTTP boot server's address on the lab bridge. */
export const AGENT_LAB_BOOT_URL = 'http://10.254.0.1:8088';

/** Ferro serving a lab: its conductor and where boot images go. */
export interface AgentLabServers {
  conductor: LabProcess;
  /** Served as `${AGENT_LAB_BOOT_URL}/images/<file>`; holds ferro-deploy.kernel/.initramfs. */
  imagesDir: string;
  /** Stops the conductor and removes the veth that kept br0 up; returns what failed. */
  stop(): Promise<string[]>;
}

async function mustRun(file: string, args: readonly string[]): Promise<void> {
  const result = await runCommand(file, args, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr.trim()}`);
}

/**
 * Publishes the deploy ramdisk (hard links, as the e2e does) and iPXE's undionly.kpxe/snponly.efi from `ipxeDir`,
 * adds veth `keeper` on br0 (a bridge without a port has no carrier and drops what DHCP sends before the first VM
 * starts) and starts the conductor with `env` on top of the e2e's settings. Undoes what it did when a step fails.
 */
export async function startAgentLabServers(
  lab: Lab,
  options: { ipxeDir: string; keeper: string; env?: Record<string, string> },
): Promise<AgentLabServers> {
  const imagesDir = join(lab.runDir, 'images');
  const tftpRoot = join(lab.runDir, 'tftpboot');
  mkdirSync(imagesDir, { recursive: true });
  mkdirSync(tftpRoot, { recursive: true });
  linkSync(RAMDISK.kernel, join(imagesDir, 'ferro-deploy.kernel'));
  linkSync(RAMDISK.initramfs, join(imagesDir, 'ferro-deploy.initramfs'));
  for (const file of ['undionly.kpxe', 'snponly.efi']) copyFileSync(join(options.ipxeDir, file), join(tftpRoot, file));
  const { keeper } = options;
  const removeKeeper = async (): Promise<string[]> => {
    const deleted = await runCommand('ip', ['-n', lab.namespace, 'link', 'del', keeper]);
    return deleted.code === 0 ? [] : [`ip link del ${keeper}: ${deleted.stderr.trim()}`];
  };
  try {
    await mustRun('ip', ['-n', lab.namespace, 'link', 'add', keeper, 'type', 'veth', 'peer', 'name', `${keeper}p`]);
    await mustRun('ip', ['-n', lab.namespace, 'link', 'set', keeper, 'master', 'br0', 'up']);
    await mustRun('ip', ['-n', lab.namespace, 'link', 'set', `${keeper}p`, 'up']);
    const apiPort = await freeLabPort(lab, 16446);
    const conductor = await startLabConductor(
      lab,
      {
        FERRO_API_HOST: '0.0.0.0',
        FERRO_API_ALLOW_INSECURE_NOAUTH: 'true',
        FERRO_HTTP_BOOT_API_URLS: `http://10.254.0.1:${String(apiPort)}`,
        FERRO_CONDUCTOR_POWER_POLL_INTERVAL_MS: '500',
        FERRO_CONDUCTOR_SYNC_POWER_STATE_INTERVAL_S: '0',
        FERRO_HTTP_BOOT_ENABLED: 'true',
        FERRO_HTTP_BOOT_HOST: '10.254.0.1',
        FERRO_HTTP_BOOT_PUBLIC_URL: AGENT_LAB_BOOT_URL,
        FERRO_HTTP_BOOT_IMAGE_ROOT: imagesDir,
        FERRO_HTTP_BOOT_IPXE_DIR: options.ipxeDir,
        FERRO_HTTP_BOOT_DEPLOY_KERNEL: 'ferro-deploy.kernel',
        FERRO_HTTP_BOOT_DEPLOY_RAMDISK: 'ferro-deploy.initramfs',
        FERRO_HTTP_BOOT_KERNEL_APPEND_PARAMS: 'console=ttyS0,115200',
        FERRO_DHCP_ENABLED: 'true',
        FERRO_DHCP_INTERFACES: 'br0',
        FERRO_DHCP_SUBNETS: '10.254.0.0/24 10.254.0.100-10.254.0.199',
        FERRO_DHCP_HTTP_BASE_URL: AGENT_LAB_BOOT_URL,
        FERRO_DHCP_ROUTER_ADVERTISEMENTS: 'true',
        FERRO_TFTP_ENABLED: 'true',
        FERRO_TFTP_ROOT: tftpRoot,
        FERRO_TFTP_INTERFACES: 'br0',
        ...options.env,
      },
      { labPort: apiPort },
    );
    const stop = async (): Promise<string[]> => {
      await conductor.stop(3000);
      return removeKeeper();
    };
    return { conductor, imagesDir, stop };
  } catch (error) {
    await removeKeeper();
    throw error;
  }
}
