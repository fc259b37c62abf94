// Issue #5 in the lab: the deploy ramdisk's size, boot to the agent's first accepted heartbeat (best and median of
// several boots of one VM, with the steps), and four VMs deployed at once against one VM alone, all through Ferro's
// conductor, DHCP/TFTP/HTTP boot servers, ramdisk and agent behind ipmi_sim, as test/e2e/agent-deploy.test.ts runs.
// Usage (root): npm run bench:agent-lab [-- --boots 3 --vms 4 --mem-mib 1024 --disk-gib 4 --image-mib 64 --keep]
// Runs in its own namespace (LAB_NS, default ferro-bench) with a private LAB_RUN_DIR; everything it starts is
// stopped by PID or by the lab's own scripts when it ends, fails or is interrupted.
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDeployRamdisk, RAMDISK, RAMDISK_DIR, sha256File } from '../test/support/agent-lab.js';
import { AGENT_LAB_BOOT_URL, startAgentLabServers, type AgentLabServers } from '../test/support/agent-lab-servers.js';
import { ipmiSimUnavailable } from '../test/support/ipmi-sim.js';
import { labUnavailable, runCommand, startLab, type Lab } from '../test/support/lab.js';
import { ensureTestRamdisk } from '../test/support/pxe-lab.js';
import { timedBoot, type TimedBoot } from './agent-lab-boots.js';
import { createVm, enrollVm, setInstanceImage, timedMove, type BenchVm } from './agent-lab-fleet.js';
import { formatAgentLabReport, type AgentLabResults, type RamdiskFigures } from './agent-lab-report.js';

const { values } = parseArgs({
  options: {
    boots: { type: 'string', default: '3' },
    vms: { type: 'string', default: '4' },
    'mem-mib': { type: 'string', default: '1024' },
    'disk-gib': { type: 'string', default: '4' },
    'image-mib': { type: 'string', default: '64' },
    keep: { type: 'boolean', default: false },
  },
});
const count = (name: keyof typeof values, min: number, max: number): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${String(min)} to ${String(max)}`);
  return value;
};
const BOOTS = count('boots', 1, 10);
const VMS = count('vms', 1, 8);
const VM_SIZE = { memMiB: count('mem-mib', 512, 4096), diskGiB: count('disk-gib', 1, 16) };
const IMAGE_MIB = count('image-mib', 16, 2048);
const NAMESPACE = process.env.LAB_NS ?? 'ferro-bench';
const WORK = process.env.FERRO_BENCH_AGENT_LAB_DIR ?? join(tmpdir(), 'ferro-bench-agent-lab');
process.env.LAB_BUILD_DIR ??= join(WORK, 'build');
process.env.LAB_CACHE_DIR ??= join(WORK, 'cache');
const IPXE_DIR = process.env.FERRO_IPXE_DIR ?? '/usr/lib/ipxe';
const PROVIDE_TIMEOUT_MS = 300_000;
const DEPLOY_TIMEOUT_MS = 900_000;
const TARGET_S = 10;

/** Sizes from dist/ramdisk/manifest.json where it has them, the files' own sizes otherwise. */
function ramdiskFigures(): RamdiskFigures {
  const figures: RamdiskFigures = {
    kernelBytes: statSync(RAMDISK.kernel).size,
    initramfsBytes: statSync(RAMDISK.initramfs).size,
    unpackedBytes: undefined,
    files: undefined,
    compression: '?',
  };
  try {
    const manifest = JSON.parse(readFileSync(join(RAMDISK_DIR, 'manifest.json'), 'utf8')) as {
      compression?: { kind?: unknown; level?: unknown };
      initramfs?: { uncompressedBytes?: unknown; fileCount?: unknown };
    };
    const { kind, level } = manifest.compression ?? {};
    if (typeof kind === 'string')
      figures.compression = `${kind}${typeof level === 'number' ? ` -${String(level)}` : ''}`;
    if (typeof manifest.initramfs?.uncompressedBytes === 'number')
      figures.unpackedBytes = manifest.initramfs.uncompressedBytes;
    if (typeof manifest.initramfs?.fileCount === 'number') figures.files = manifest.initramfs.fileCount;
  } catch {
    // no manifest: sizes of the files only
  }
  return figures;
}

const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join('/');

/** Everything to undo, newest first; each step runs once, failures are collected, not thrown. */
function createCleanup(): { add(what: string, undo: () => Promise<void>): void; run(): Promise<string[]> } {
  const steps: Array<{ what: string; undo: () => Promise<void> }> = [];
  let running: Promise<string[]> | undefined;
  return {
    add: (what, undo) => steps.unshift({ what, undo }),
    run: () =>
      (running ??= (async () => {
        const problems: string[] = [];
        for (const step of steps)
          await step.undo().catch((error: unknown) => problems.push(`${step.what}: ${String(error)}`));
        return problems;
      })()),
  };
}

type Cleanup = ReturnType<typeof createCleanup>;

/** Checks the lab, starts it, Ferro's servers and the VMs with their BMCs, builds the image and enrolls the nodes. */
async function setUp(
  cleanup: Cleanup,
  outcome: { failed: boolean },
): Promise<{ lab: Lab; servers: AgentLabServers; imageSha256: string; imageBytes: number; vms: BenchVm[] }> {
  const why =
    (await labUnavailable()) ??
    (await ipmiSimUnavailable()) ??
    ((await runCommand('sh', ['-c', `command -v qemu-img && test -f ${IPXE_DIR}/undionly.kpxe`])).code !== 0
      ? `qemu-img or ${IPXE_DIR}/undionly.kpxe is missing`
      : undefined);
  if (why !== undefined) throw new Error(`the lab cannot run here: ${why}`);
  await ensureTestRamdisk(process.env.LAB_BUILD_DIR ?? '');
  const lab = await startLab({ taps: VMS + 1, namespace: NAMESPACE });
  cleanup.add('lab', async () => {
    if (values.keep || outcome.failed) console.error(`lab run directory kept: ${lab.runDir}`);
    const problems = await lab.stop({ keepRunDir: values.keep || outcome.failed });
    if (problems.length > 0) throw new Error(problems.join('; '));
  });
  const servers = await startAgentLabServers(lab, {
    ipxeDir: IPXE_DIR,
    keeper: 'ferro-bk0',
    env: { FERRO_LOG_LEVEL: 'debug' },
  });
  cleanup.add('conductor', async () => {
    const problems = await servers.stop();
    if (problems.length > 0) throw new Error(problems.join('; '));
  });
  const image = join(servers.imagesDir, 'instance.img');
  await lab.mustScript(
    'build-disk-image.sh',
    ['--out', image, '--size', String(IMAGE_MIB), '--marker', `FERRO-BENCH-${randomUUID().slice(0, 8)}`],
    300_000,
  );
  const created: Array<Omit<BenchVm, 'uuid'>> = [];
  for (let index = 1; index <= VMS; index += 1) {
    const vm = await createVm(lab, index, VM_SIZE);
    created.push(vm);
    cleanup.add(`VM ${vm.name}`, async () => {
      await lab.script('vm.sh', ['stop', vm.name]);
      await lab.script('bmc.sh', ['stop', vm.name]);
    });
  }
  const vms = await Promise.all(created.map((vm) => enrollVm(servers.conductor.hostUrl, vm, 120_000)));
  return { lab, servers, imageSha256: sha256File(image), imageBytes: statSync(image).size, vms };
}

/** The phases in order; what was measured stays in `results` when a later phase fails. */
async function measure(results: AgentLabResults, cleanup: Cleanup, outcome: { failed: boolean }): Promise<void> {
  const { lab, servers, imageSha256, imageBytes, vms } = await setUp(cleanup, outcome);
  const base = servers.conductor.hostUrl;
  const [first, ...rest] = vms;
  if (first === undefined) throw new Error('no VM');
  results.imageBytes = imageBytes;
  const imageUrl = `${AGENT_LAB_BOOT_URL}/images/instance.img`;
  try {
    results.loadAverages.push(`boots ${load()}`);
    for (let boot = 1; boot <= BOOTS; boot += 1) {
      if (boot > 1) await timedMove(base, first, 'manage', 'manageable', 60_000);
      results.boots.push(
        await timedBoot(lab, servers.conductor, first, () =>
          timedMove(base, first, 'provide', 'available', PROVIDE_TIMEOUT_MS),
        ),
      );
      console.error(`boot ${String(boot)}/${String(BOOTS)}: ${JSON.stringify(results.boots.at(-1))}`);
    }
    results.loadAverages.push(`provide ${String(rest.length)} ${load()}`);
    results.provideRest = await Promise.all(
      rest.map((vm) =>
        timedBoot(lab, servers.conductor, vm, () => timedMove(base, vm, 'provide', 'available', PROVIDE_TIMEOUT_MS)),
      ),
    );
    results.loadAverages.push(`deploy alone ${load()}`);
    await setInstanceImage(base, first, imageUrl, imageSha256);
    results.deployAlone = await timedBoot(lab, servers.conductor, first, () =>
      timedMove(base, first, 'active', 'active', DEPLOY_TIMEOUT_MS),
    );
    console.error(`deploy alone: ${JSON.stringify(results.deployAlone)}`);
    await timedMove(base, first, 'deleted', 'available', PROVIDE_TIMEOUT_MS);
    // Undeploy clears instance_info (Ironic does too), so every node gets the image again.
    for (const vm of vms) await setInstanceImage(base, vm, imageUrl, imageSha256);
    results.loadAverages.push(`deploy ${String(vms.length)} at once ${load()}`);
    // All requests leave in the same tick, so the slowest VM's own time is the wall time to all active.
    const deployed: TimedBoot[] = await Promise.all(
      vms.map((vm) =>
        timedBoot(lab, servers.conductor, vm, () => timedMove(base, vm, 'active', 'active', DEPLOY_TIMEOUT_MS)),
      ),
    );
    results.deployAll = { wallS: Math.max(...deployed.map((d) => d.moveS)), vms: deployed };
    results.loadAverages.push(`end ${load()}`);
  } catch (error) {
    console.error(`conductor output (last lines):\n${servers.conductor.output().split('\n').slice(-40).join('\n')}`);
    throw error;
  }
}

async function main(): Promise<number> {
  const cleanup = createCleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`${signal}: cleaning up`);
      void cleanup.run().then((problems) => {
        for (const problem of problems) console.error(`cleanup: ${problem}`);
        process.exit(130);
      });
    });
  await ensureDeployRamdisk();
  const results: AgentLabResults = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: cpus().length,
    loadAverages: [],
    vm: VM_SIZE,
    ramdisk: ramdiskFigures(),
    boots: [],
    provideRest: undefined,
    imageBytes: undefined,
    deployAlone: undefined,
    deployAll: undefined,
    targetS: TARGET_S,
  };
  const outcome = { failed: false };
  try {
    await measure(results, cleanup, outcome);
  } catch (error) {
    console.error(`bench:agent-lab stopped early: ${error instanceof Error ? error.message : String(error)}`);
    outcome.failed = true;
  } finally {
    for (const problem of await cleanup.run()) console.error(`cleanup: ${problem}`);
  }
  console.log(formatAgentLabReport(results));
  return outcome.failed ? 1 : 0;
}

process.exitCode = await main();
