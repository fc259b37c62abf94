// Issue #5's fault cases against a real VM (test/integration/agent-machine.test.ts has them on a simulated machine):
// one QEMU VM behind ipmi_sim, deployed through Ferro (its DHCP, TFTP and HTTP boot, deploy ramdisk and agent), goes
// through five faults, each re-deployed from `deploy failed`: a checksum mismatch, an image URL answering 404, a
// forged heartbeat while the node waits, the agent killed mid-write (over a second serial port, through the
// ramdisk's ferro.debug_shell), the VM powered off mid-write (ipmitool against ipmi_sim). Then the good image
// deploys, the node is `active` and the VM boots it. The time from each fault to the failure state is printed.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, copyFileSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision, sha256File, type LabNode } from '../support/agent-lab.js';
import { AGENT_LAB_BOOT_URL, type AgentLabServers } from '../support/agent-lab-servers.js';
import { agentLabSkipReason, startAgentLabSuite, type AgentLabSuite } from '../support/agent-lab-suite.js';
import { api } from '../support/api-client.js';
import { runCommand, serialLog, waitUntil, type Lab } from '../support/lab.js';
import { labMac } from '../support/pxe-lab.js';

const VM = 'faults1';
const INDEX = 1;
const IPMI_PORT = 6241;
/** Deploy callback timeout: above a ramdisk boot under TCG (~16-26 s to the first heartbeat), short for the suite. */
const CALLBACK_TIMEOUT_S = Number(process.env.FERRO_FAULTS_CALLBACK_TIMEOUT_S ?? '60');
/**
 * Random data after the bootable image (zero runs would be skipped). The agent wrote it at 2-30 MB/s in the lab
 * (TCG, depending on the host's load); faults strike at the first reported progress, so this is never written in
 * full and only has to outlast a few heartbeats on a quiet host.
 */
const SLOW_TAIL_MIB = 768;
const PHASE_MS = 300_000;

const why = await agentLabSkipReason({ name: 'faults', needsIpmi: true, tools: ['ipmitool'] });

/** Sends `command` to the root shell ferro.debug_shell runs on the VM's second serial port; resolves with what matched `done`. */
async function debugShell(socketPath: string, command: string, done: RegExp, timeoutMs = 30_000): Promise<string[]> {
  const socket = createConnection(socketPath);
  let seen = '';
  socket.on('data', (chunk: Buffer) => { seen += chunk.toString('latin1'); });
  socket.on('error', () => undefined); // a closed VM ends the wait below with its timeout
  try {
    await new Promise<void>((ok, fail) => { socket.once('connect', ok); socket.once('error', fail); });
    // Output sent while nobody was connected is lost, so first make sure a shell answers (the echo of the typed
    // line holds the unexpanded $((…)), the answer the number), then send the command once.
    await waitUntil('the debug shell to answer', async () => {
      socket.write('echo FAULTS-READY-$((40+2))\n');
      await new Promise((r) => setTimeout(r, 1000));
      return seen.includes('FAULTS-READY-42');
    }, timeoutMs, 0);
    socket.write(`${command}\n`);
    await waitUntil(`the debug shell to print ${String(done)}`, () => Promise.resolve(done.test(seen)), timeoutMs, 100);
    return [...(seen.match(done) ?? [])];
  } finally {
    socket.destroy();
  }
}

describe.skipIf(why !== undefined)('deploy faults on a QEMU VM behind ipmi_sim (lab)', () => {
  let suite: AgentLabSuite | undefined;
  let lab: Lab | undefined;
  let servers: AgentLabServers | undefined;
  let node = '';
  const marker = `FERRO-FAULTS-${randomUUID().slice(0, 8)}`;
  const figures: string[] = [];
  const images: Record<'good' | 'slow', { url: string; sha256: string }> = { good: { url: '', sha256: '' }, slow: { url: '', sha256: '' } };
  const base = (): string => servers!.conductor.hostUrl;
  const show = async (): Promise<LabNode & { provision_updated_at: string | null }> =>
    (await api<LabNode & { provision_updated_at: string | null }>(base(), 'GET', `/v1/nodes/${node}`)).body;
  const debugSocket = (): string => join(lab!.runDir, 'vms', VM, 'debug.sock');

  beforeAll(async () => {
    suite = await startAgentLabSuite({
      name: 'faults', taps: 2, keeper: 'ferro-fl0',
      // The agent heartbeats every 3-6 s (30-60 % of 10 s); a silent agent fails the deploy CALLBACK_TIMEOUT_S
      // after its last heartbeat, checked every 2 s.
      env: {
        FERRO_AGENT_HEARTBEAT_TIMEOUT_S: '10',
        FERRO_CONDUCTOR_DEPLOY_CALLBACK_TIMEOUT_S: String(CALLBACK_TIMEOUT_S),
        FERRO_CONDUCTOR_CHECK_PROVISION_STATE_INTERVAL_S: '2',
      },
    });
    ({ lab, servers } = suite);
    // The good image: the lab's bootable raw disk image printing our marker. The slow one: the same image followed
    // by random data (zero runs would be skipped), so write_image lasts long enough to strike during it.
    const good = join(servers.imagesDir, 'instance.img');
    const result = await runCommand(join(lab.dir, 'build-disk-image.sh'), ['--out', good, '--marker', marker], { timeoutMs: 300_000 });
    if (result.code !== 0) throw new Error(`build-disk-image.sh: ${result.stderr.trim()}`);
    const slow = join(servers.imagesDir, 'slow.img');
    copyFileSync(good, slow);
    const slowHash = createHash('sha256').update(readFileSync(good));
    const fd = openSync(slow, 'a');
    for (let i = 0; i < SLOW_TAIL_MIB; i += 1) {
      const chunk = randomBytes(1024 * 1024);
      slowHash.update(chunk);
      writeSync(fd, chunk);
    }
    closeSync(fd);
    images.good = { url: `${AGENT_LAB_BOOT_URL}/images/instance.img`, sha256: sha256File(good) };
    images.slow = { url: `${AGENT_LAB_BOOT_URL}/images/slow.img`, sha256: slowHash.digest('hex') };

    await lab.mustScript('vm.sh', ['create', VM, '--index', String(INDEX), '--mem', '1024', '--disk-size', '4G', '--force']);
    // A second serial port (ttyS1 in the guest) on a unix socket, for the ramdisk's debug shell; vm.sh sources
    // vm.env at every power on, whoever powers the VM on.
    const dir = join(lab.runDir, 'vms', VM);
    appendFileSync(join(dir, 'vm.env'), `LAB_VM_QEMU_EXTRA="-chardev socket,id=dbg,path=${debugSocket()},server=on,wait=off,logfile=${join(dir, 'debug.log')} -device isa-serial,chardev=dbg"\n`);
    await lab.mustScript('bmc.sh', ['start', VM, '--ipmi', String(IPMI_PORT)]);
  }, 1_500_000);

  afterAll(async () => {
    await suite?.stop([VM]);
    if (figures.length > 0) console.log(`agent fault figures (TCG, callback timeout ${String(CALLBACK_TIMEOUT_S)} s):\n  ${figures.join('\n  ')}`);
  }, 180_000);

  /** Runs `body`, remembering a failure so afterAll keeps the run directory and prints the conductor's output. */
  const guarded = (body: () => Promise<void>) => async (): Promise<void> => {
    try {
      await body();
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  };

  async function setImage(url: string, sha256: string): Promise<void> {
    const res = await api(base(), 'PATCH', `/v1/nodes/${node}`, [
      { op: 'add', path: '/instance_info/image_source', value: url },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: sha256 },
      { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** Polls (250 ms) until the deploy settles; returns the node and when write_image was first seen running. */
  async function settled(): Promise<{ after: LabNode & { provision_updated_at: string | null }; writeSeenAt: number | undefined }> {
    const deadline = Date.now() + PHASE_MS;
    let writeSeenAt: number | undefined;
    while (Date.now() < deadline) {
      const now = await show();
      if (writeSeenAt === undefined && now.deploy_step?.['step'] === 'write_image') writeSeenAt = Date.now();
      if (now.target_provision_state === null && !['deploying', 'wait call-back'].includes(now.provision_state)) return { after: now, writeSeenAt };
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the deploy of ${node} did not settle in ${String(PHASE_MS / 1000)} s`);
  }

  /** Deploys `url`; when `strike` is given, runs it once the agent reports write_image progress. */
  async function deploy(url: string, sha256: string, strike?: (progress: string) => Promise<number>): Promise<{ after: LabNode & { provision_updated_at: string | null }; from: number; writeSeenAt: number | undefined }> {
    await setImage(url, sha256);
    const requestedAt = Date.now();
    await provision(base(), node, { target: 'active' });
    if (strike === undefined) return { ...await settled(), from: requestedAt };
    let progress = '';
    await waitUntil('the agent to report write_image progress', async () => {
      const now = await show();
      progress = String(now.driver_internal_info['agent_last_status'] ?? '');
      if (now.provision_state !== 'wait call-back' && now.provision_state !== 'deploying') throw new Error(`deploy ended early: ${now.provision_state}: ${String(now.last_error)}`);
      return now.provision_state === 'wait call-back' && /^write_image: [1-9]\d* of \d+ MiB/.test(progress);
    }, PHASE_MS, 250);
    const struckAt = await strike(progress);
    return { ...await settled(), from: struckAt };
  }

  const secondsSince = (from: number, node: { provision_updated_at: string | null }): string =>
    ((Date.parse(node.provision_updated_at ?? '') - from) / 1000).toFixed(1);

  it('enrolls the VM (IPMI, iPXE, direct deploy, ferro.debug_shell=ttyS1) and makes it available', guarded(async () => {
    const created = await api<LabNode>(base(), 'POST', '/v1/nodes', {
      name: VM, driver: 'ipmi', boot_interface: 'ipxe', deploy_interface: 'direct', automated_clean: false,
      driver_info: {
        ipmi_address: '127.0.0.1', ipmi_port: IPMI_PORT, ipmi_username: 'admin', ipmi_password: 'password', ipmi_cipher_suite: '3',
        deploy_kernel: 'ferro-deploy.kernel', deploy_ramdisk: 'ferro-deploy.initramfs',
        kernel_append_params: '%default% ferro.debug_shell=ttyS1',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    node = created.body.uuid;
    expect((await api(base(), 'POST', '/v1/ports', { address: labMac(INDEX), node_uuid: node })).status).toBe(201);
    await provision(base(), node, { target: 'manage' });
    await waitUntil('manageable', async () => (await show()).provision_state === 'manageable', 120_000, 500);
    await provision(base(), node, { target: 'provide' });
    await waitUntil('available', async () => (await show()).provision_state === 'available', 120_000, 500);
  }));

  it('1. a wrong image_os_hash_value fails the deploy naming both sums', guarded(async () => {
    const wrong = 'ab'.repeat(32);
    const { after, from, writeSeenAt } = await deploy(images.good.url, wrong);
    expect(after.provision_state, String(after.last_error)).toBe('deploy failed');
    // The agent names the error by its stable code (class names are minified in its bundle).
    expect(after.last_error).toContain(`ImageChecksumMismatch: Image checksum mismatch: sha256 expected ${wrong}, got ${images.good.sha256}`);
    console.log(`checksum mismatch -> last_error: ${String(after.last_error)}`);
    figures.push(`1 checksum mismatch: request -> deploy failed ${secondsSince(from, after)} s (write_image seen -> failed ${writeSeenAt === undefined ? '?' : secondsSince(writeSeenAt, after)} s)`);
  }));

  it('2. an image URL answering 404 fails the deploy naming the URL and the status', guarded(async () => {
    const missing = `${AGENT_LAB_BOOT_URL}/images/missing-${randomUUID().slice(0, 8)}.img`;
    const { after, from, writeSeenAt } = await deploy(missing, images.good.sha256);
    expect(after.provision_state, String(after.last_error)).toBe('deploy failed');
    expect(after.last_error).toContain(`ImageDownloadError: Failed to download the image: ${missing}: HTTP 404 Not Found`);
    console.log(`image 404 -> last_error: ${String(after.last_error)}`);
    figures.push(`2 image 404: request -> deploy failed ${secondsSince(from, after)} s (write_image seen -> failed ${writeSeenAt === undefined ? '?' : secondsSince(writeSeenAt, after)} s)`);
  }));

  it('3+4. a forged heartbeat while the node waits is refused and changes nothing; the agent killed mid-write fails the deploy at once', guarded(async () => {
    const { after, from } = await deploy(images.slow.url, images.slow.sha256, async (progress) => {
      // 3: a heartbeat with a wrong token while the agent writes: Ironic's 400 body, nothing recorded.
      const before = await show();
      const forged = await api<{ error_message: string }>(base(), 'POST', `/v1/heartbeat/${node}`, {
        callback_url: 'https://203.0.113.9:9999', agent_version: '9.9.9', agent_token: 'x'.repeat(43),
      });
      expect(forged.status).toBe(400);
      expect(JSON.parse(forged.body.error_message)).toEqual({ faultcode: 'Client', faultstring: 'Invalid or missing agent token received.', debuginfo: null });
      const unchanged = await show();
      for (const key of ['provision_state', 'target_provision_state', 'deploy_step', 'last_error'] as const) expect(unchanged[key], key).toEqual(before[key]);
      for (const key of ['agent_url', 'agent_version', 'agent_pending_command', 'agent_cert_sha256']) {
        expect(unchanged.driver_internal_info[key], key).toEqual(before.driver_internal_info[key]);
      }
      expect(unchanged.driver_internal_info['agent_url']).not.toContain('203.0.113.9');
      // 4: kill -9 the agent from the debug shell on ttyS1; the ramdisk's supervisor starts it again.
      console.log(`killing the agent at "${progress}"`);
      const killed = await debugShell(debugSocket(), 'P=$(pidof node); kill -9 $P; echo FAULTS-KILLED-$P', /FAULTS-KILLED-(\d+)/);
      expect(Number(killed[1])).toBeGreaterThan(1);
      return Date.now();
    });
    expect(after.provision_state, String(after.last_error)).toBe('deploy failed');
    expect(after.last_error).toMatch(/no record of standby\.prepare_image.*restarted/);
    expect(Date.parse(after.provision_updated_at ?? '') - from, 'noticed by the restarted agent\'s heartbeat, not the timeout').toBeLessThan(CALLBACK_TIMEOUT_S * 1000);
    expect(await serialLog(lab!, VM)).toMatch(/FERRO-RAMDISK agent exited rc=137[\s\S]*FERRO-RAMDISK agent started run=2/);
    console.log(`agent killed mid-write -> last_error: ${String(after.last_error)}`);
    figures.push(`4 agent killed mid-write: kill -> deploy failed ${secondsSince(from, after)} s`);
  }));

  it('5. the VM powered off mid-write (ipmitool against ipmi_sim) fails the deploy after the callback timeout', guarded(async () => {
    const { after, from } = await deploy(images.slow.url, images.slow.sha256, async (progress) => {
      console.log(`powering off at "${progress}"`);
      const off = await runCommand('ip', ['netns', 'exec', lab!.namespace, 'ipmitool', '-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(IPMI_PORT), '-U', 'admin', '-E', 'chassis', 'power', 'off'],
        { env: { ...process.env, IPMI_PASSWORD: 'password' } });
      expect(off.code, off.stderr).toBe(0);
      const struckAt = Date.now();
      await waitUntil(`${VM} to be off`, async () => (await lab!.script('vm.sh', ['status', VM])).code === 3, 30_000, 200);
      return struckAt;
    });
    expect(after.provision_state, String(after.last_error)).toBe('deploy failed');
    // The timeout counts from the agent's last heartbeat (each one restarts it), not from the start of the wait.
    const lastHeartbeatAt = Date.parse(String(after.driver_internal_info['agent_last_heartbeat'] ?? ''));
    const silentMs = Date.parse(after.provision_updated_at ?? '') - lastHeartbeatAt;
    expect(silentMs).toBeGreaterThanOrEqual(CALLBACK_TIMEOUT_S * 1000);
    expect(silentMs).toBeLessThan((CALLBACK_TIMEOUT_S + 30) * 1000);
    expect(after.last_error).toMatch(/^Timeout reached while waiting for callback for node /);
    expect(after.last_error).toMatch(/Its last status was: "write_image: \d+ of \d+ MiB/);
    console.log(`powered off mid-write -> last_error: ${String(after.last_error)}`);
    figures.push(`5 VM powered off mid-write: power off -> deploy failed ${secondsSince(from, after)} s (last heartbeat -> failed ${(silentMs / 1000).toFixed(1)} s)`);
  }));

  it('then the good image deploys: active, and the VM boots it (marker on its serial console)', guarded(async () => {
    const { after, from } = await deploy(images.good.url, images.good.sha256);
    expect(after.provision_state, String(after.last_error)).toBe('active');
    figures.push(`final deploy: request -> active ${secondsSince(from, after)} s`);
    const bootedMs = await waitUntil(`${VM} to boot the deployed image`, async () => (await serialLog(lab!, VM)).includes(marker), PHASE_MS, 1000);
    figures.push(`final deploy: active -> instance marker on the serial console ${(bootedMs / 1000).toFixed(1)} s`);
  }));
});
