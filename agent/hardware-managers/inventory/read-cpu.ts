import type { Inventory } from '../../../core/index.js';
import { readText, type SystemPaths } from './system-paths.js';

/** Node's `process.arch` in the names Ironic's inventory uses (`uname -m`). */
export function machineArchitecture(nodeArch: string): string {
  const names: Record<string, string> = {
    x64: 'x86_64',
    arm64: 'aarch64',
    ia32: 'i686',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  return names[nodeArch] ?? nodeArch;
}

/**
 * The CPU as IPA reports it (hardware.py get_cpus, from lscpu): model, MHz, logical CPU count, flags and
 * sockets. Read from /proc/cpuinfo; x86 prints `model name`/`flags`, arm64 prints `Features` and no model.
 */
export async function readCpu(paths: SystemPaths, architecture: string): Promise<Inventory['cpu']> {
  const text = (await readText(paths.proc, 'cpuinfo')) ?? '';
  const blocks = text
    .split(/\n\s*\n/)
    .map(parseBlock)
    .filter((b) => b.has('processor'));
  const first = blocks[0] ?? new Map<string, string>();
  const sockets = new Set(blocks.map((b) => b.get('physical id')).filter((id) => id !== undefined));
  const mhz = Number(first.get('cpu MHz'));
  return {
    model_name: first.get('model name') ?? first.get('Model Name') ?? first.get('CPU part') ?? '',
    frequency: Number.isFinite(mhz) ? String(Math.round(mhz)) : '',
    count: blocks.length,
    architecture,
    flags: (first.get('flags') ?? first.get('Features') ?? '').split(/\s+/).filter((f) => f !== ''),
    socket_count: Math.max(1, sockets.size),
  };
}

function parseBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return fields;
}
