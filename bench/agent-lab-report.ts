// The printed result of bench/agent-lab.ts: the ramdisk's sizes, boot-to-heartbeat (best and median of the boots of
// one VM, with the steps), and the deploys of one VM alone and of all VMs at once. Markdown tables, pasted into
// docs/benchmarks.md.
import { bestAndMedian, type BootTiming } from './agent-lab-boot-timing.js';
import type { TimedBoot } from './agent-lab-boots.js';

/** Sizes of the deploy ramdisk (MB = 10^6 bytes). */
export interface RamdiskFigures {
  kernelBytes: number;
  initramfsBytes: number;
  unpackedBytes: number | undefined;
  files: number | undefined;
  compression: string;
}

/** Everything one run measured; parts not reached stay undefined. */
export interface AgentLabResults {
  date: string;
  cpus: number;
  loadAverages: string[];
  vm: { memMiB: number; diskGiB: number };
  ramdisk: RamdiskFigures;
  boots: TimedBoot[];
  provideRest: TimedBoot[] | undefined;
  imageBytes: number | undefined;
  deployAlone: TimedBoot | undefined;
  deployAll: { wallS: number; vms: TimedBoot[] } | undefined;
  targetS: number;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const s = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(2));

function figureRow(name: string, values: Array<number | undefined>): string {
  const known = values.filter((v): v is number => v !== undefined);
  const stats = bestAndMedian(known);
  return `| ${name} | ${s(stats?.best)} | ${s(stats?.median)} | ${values.map(s).join(' / ')} |`;
}

function bootSection(results: AgentLabResults): string[] {
  const timings = results.boots.map((b) => b.boot).filter((b): b is BootTiming => b !== undefined);
  const out = [
    `Boot to first heartbeat: ${results.boots.length} ramdisk boots of one VM (provide = automated metadata clean), nothing else in the lab running:`,
    '',
    '| figure (s) | best | median | each boot |',
    '| --- | --- | --- | --- |',
    figureRow(
      'kernel first console line -> first accepted heartbeat',
      timings.map((t) => t.kernelToHeartbeatS),
    ),
    figureRow(
      'BMC power on -> first accepted heartbeat',
      timings.map((t) => t.powerOnToHeartbeatS),
    ),
    figureRow(
      'BMC power on -> kernel first line (SeaBIOS, iPXE, DHCP, 47 MB over HTTP)',
      timings.map((t) => t.powerOnToKernelS),
    ),
    figureRow(
      'guest clock seconds per host second (agent start -> heartbeat)',
      timings.map((t) => t.guestClockRate),
    ),
    figureRow(
      'provide (request -> available)',
      results.boots.map((b) => b.moveS),
    ),
    '',
  ];
  const best = bestAndMedian(timings.map((t) => t.kernelToHeartbeatS));
  if (best !== undefined)
    out.push(
      `Target: first heartbeat <= ${String(results.targetS)} s after the kernel starts: ${best.median <= results.targetS ? 'met' : 'missed'} (median ${best.median.toFixed(2)} s, best ${best.best.toFixed(2)} s).`,
      '',
    );
  out.push(
    'Steps (host clock; each step ends at the mark of the next row):',
    '',
    '| step | best | median |',
    '| --- | --- | --- |',
  );
  const names = [...new Set(timings.flatMap((t) => t.steps.map((step) => step.name)))];
  for (const name of names) {
    const stats = bestAndMedian(
      timings.flatMap((t) => t.steps.filter((step) => step.name === name).map((step) => step.seconds)),
    );
    out.push(`| ${name} | ${s(stats?.best)} | ${s(stats?.median)} |`);
  }
  for (const boot of results.boots)
    if (boot.bootProblem !== undefined) out.push(`(boot of ${boot.vm}: ${boot.bootProblem})`);
  return out;
}

function deployRow(label: string, boot: TimedBoot): string {
  return `| ${label} | ${boot.vm} | ${boot.moveS.toFixed(1)} | ${s(boot.boot?.powerOnToHeartbeatS)} | ${s(boot.boot?.kernelToHeartbeatS)} |`;
}

function deploySection(results: AgentLabResults): string[] {
  const { deployAlone, deployAll } = results;
  if (deployAlone === undefined && deployAll === undefined) return ['Deploys: not reached.'];
  const out = [
    `Deploys of the same raw image (${results.imageBytes === undefined ? '?' : mb(results.imageBytes)} MB) to ${String(results.vm.diskGiB)} GiB virtio disks:`,
    '',
    '| case | VM | deploy -> active (s) | BMC power on -> heartbeat (s) | kernel -> heartbeat (s) |',
    '| --- | --- | --- | --- | --- |',
  ];
  if (deployAlone !== undefined) out.push(deployRow('one VM alone', deployAlone));
  for (const vm of deployAll?.vms ?? []) out.push(deployRow(`${String(deployAll?.vms.length ?? 0)} at once`, vm));
  out.push('');
  if (deployAll !== undefined) {
    const ratio = deployAlone === undefined ? undefined : deployAll.wallS / deployAlone.moveS;
    out.push(
      `Wall time, all ${String(deployAll.vms.length)} deployed at once to all active: ${deployAll.wallS.toFixed(1)} s` +
        (ratio === undefined
          ? ''
          : `; one VM alone: ${deployAlone?.moveS.toFixed(1) ?? '?'} s; ratio ${ratio.toFixed(2)}x`),
    );
  }
  return out;
}

/** The whole report as Markdown lines. */
export function formatAgentLabReport(results: AgentLabResults): string {
  const r = results.ramdisk;
  const lines = [
    `Agent and ramdisk lab benchmark, ${results.date}: ${String(results.cpus)} vCPUs, every VM under QEMU TCG (no KVM),`,
    `1 vCPU and ${String(results.vm.memMiB)} MiB each. ${String(results.cpus)} host CPUs run all VMs, the conductor and the BMCs: the`,
    "concurrent figures show Ferro's concurrency, not the hardware's.",
    `Load average (1/5/15 min) at the phases: ${results.loadAverages.join('; ')}`,
    '',
    `Ramdisk (${r.compression}): kernel ${mb(r.kernelBytes)} MB + initramfs ${mb(r.initramfsBytes)} MB = ${mb(r.kernelBytes + r.initramfsBytes)} MB` +
      (r.unpackedBytes === undefined ? '' : `; ${mb(r.unpackedBytes)} MB unpacked, ${String(r.files ?? '?')} entries`),
    '',
    ...bootSection(results),
    '',
  ];
  if (results.provideRest !== undefined && results.provideRest.length > 0)
    lines.push(
      `Provide of the other ${String(results.provideRest.length)} VMs at once (s): ${results.provideRest.map((b) => `${b.vm} ${b.moveS.toFixed(1)} (kernel -> heartbeat ${s(b.boot?.kernelToHeartbeatS)})`).join(', ')}`,
      '',
    );
  lines.push(...deploySection(results));
  return lines.join('\n');
}
