// Helpers of the agent lab suite (test/e2e/agent-deploy.test.ts): Ferro's deploy ramdisk, the disks a lab VM gets
// besides its own (a second data disk and the lab flash chip the agent's lab firmware manager updates), and
// polling a node through the API until a provision state, failing fast with last_error.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api } from './api-client.js';
import { runCommand, type Lab } from './lab.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Where the lab suites take the deploy ramdisk from: dist/ramdisk (`npm run ramdisk:build`), or FERRO_RAMDISK_DIR,
 * a private build (its own agent bundle beside it) for work that must not race another build of dist/.
 */
export const RAMDISK_DIR = process.env.FERRO_RAMDISK_DIR ?? join(ROOT, 'dist/ramdisk');
/** The ramdisk's two files. */
export const RAMDISK = { kernel: join(RAMDISK_DIR, 'ferro-deploy.kernel'), initramfs: join(RAMDISK_DIR, 'ferro-deploy.initramfs') };

/** Builds the agent bundle and the deploy ramdisk unless both are there; throws with the build's output. */
export async function ensureDeployRamdisk(): Promise<void> {
  const privateDir = process.env.FERRO_RAMDISK_DIR;
  const bundle = privateDir === undefined ? join(ROOT, 'dist/agent/ferro-agent.mjs') : join(privateDir, 'ferro-agent.mjs');
  if (existsSync(RAMDISK.kernel) && existsSync(RAMDISK.initramfs) && existsSync(bundle)) return;
  const steps: Array<[string, string[]]> = privateDir === undefined
    ? [['agent:build', []], ['ramdisk:build', []]]
    : [['agent:build', ['--out', bundle]], ['ramdisk:build', ['--agent', bundle, '--out', privateDir]]];
  for (const [script, args] of steps) {
    const built = await runCommand('npm', ['run', script, ...(args.length > 0 ? ['--', ...args] : [])], { timeoutMs: 1_200_000 });
    if (built.code !== 0) throw new Error(`npm run ${script} failed:\n${built.stdout.slice(-3000)}\n${built.stderr.slice(-3000)}`);
  }
}

/** sha256 of a file, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Gives lab VM `name` (created with vm.sh) a second data disk (qcow2, `sizeGiB`) and the lab flash chip
 * (`flashImage`, raw, serial FERRO-LAB-FLASH) through LAB_VM_QEMU_EXTRA in its vm.env, which vm.sh sources at
 * every power on, whoever powers it on (ipmi_sim's chassis control, the Redfish emulator, vm.sh).
 */
export async function addLabDisks(lab: Lab, name: string, options: { sizeGiB: number; flashImage: Buffer }): Promise<{ disk1: string; flash: string }> {
  const dir = join(lab.runDir, 'vms', name);
  const disk1 = join(dir, 'disk1.qcow2');
  const flash = join(dir, 'flash.img');
  const created = await runCommand('qemu-img', ['create', '-q', '-f', 'qcow2', disk1, `${String(options.sizeGiB)}G`]);
  if (created.code !== 0) throw new Error(`qemu-img create ${disk1}: ${created.stderr}`);
  const chip = Buffer.alloc(1024 * 1024);
  options.flashImage.copy(chip);
  writeFileSync(flash, chip);
  const extra = [
    '-drive', `file=${disk1},if=none,id=drive1,format=qcow2,cache=writeback,discard=unmap`,
    '-device', 'virtio-blk-pci,drive=drive1,id=disk1,serial=FERRO-DISK-1',
    '-drive', `file=${flash},if=none,id=drive2,format=raw,cache=writethrough`,
    '-device', 'virtio-blk-pci,drive=drive2,id=disk2,serial=FERRO-LAB-FLASH',
  ].join(' ');
  appendFileSync(join(dir, 'vm.env'), `LAB_VM_QEMU_EXTRA="${extra}"\n`);
  return { disk1, flash };
}

/** A node as the suite reads it. */
export interface LabNode {
  uuid: string;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  last_error: string | null;
  maintenance: boolean;
  driver_internal_info: Record<string, unknown>;
  properties: Record<string, unknown>;
  raid_config: Record<string, unknown>;
  deploy_step?: Record<string, unknown>;
}

const FAILURES = new Set(['deploy failed', 'clean failed', 'inspect failed', 'error', 'rescue failed', 'service failed']);

/**
 * Polls the node until it is in `state` with no target; rejects at once when it lands in a failure state that is
 * not the one awaited (with last_error), or after `timeoutMs` (with the last agent status seen).
 */
export async function waitForProvisionState(baseUrl: string, node: string, state: string, timeoutMs: number): Promise<LabNode> {
  const deadline = Date.now() + timeoutMs;
  let last: LabNode | undefined;
  while (Date.now() < deadline) {
    const res = await api<LabNode>(baseUrl, 'GET', `/v1/nodes/${node}`);
    if (res.status === 200) {
      last = res.body;
      if (last.provision_state === state && last.target_provision_state === null) return last;
      if (FAILURES.has(last.provision_state) && last.provision_state !== state && last.target_provision_state === null) {
        throw new Error(`node ${node} ended in ${last.provision_state}: ${last.last_error ?? '(no last_error)'}`);
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`node ${node} did not reach ${state} in ${String(timeoutMs / 1000)} s; last seen ${last?.provision_state ?? '?'} (agent: ${String(last?.driver_internal_info['agent_last_status'] ?? 'nothing reported')}, last_error: ${last?.last_error ?? 'none'})`);
}

/** PUT /v1/nodes/{id}/states/provision with `body`; throws unless 202. */
export async function provision(baseUrl: string, node: string, body: Record<string, unknown>): Promise<void> {
  const res = await api(baseUrl, 'PUT', `/v1/nodes/${node}/states/provision`, body);
  if (res.status !== 202) throw new Error(`provision ${JSON.stringify(body)} on ${node} answered ${String(res.status)}: ${JSON.stringify(res.body)}`);
}
