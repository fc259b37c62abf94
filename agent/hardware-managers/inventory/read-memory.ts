import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '../../../core/index.js';
import { readText, type SystemPaths } from './system-paths.js';

const MIB = 1024 * 1024;

/**
 * Memory as IPA reports it (hardware.py get_memory): `total` is what the kernel can use (MemTotal, bytes) and
 * `physical_mb` the installed amount. IPA asks dmidecode for the latter; the kernel's memory blocks
 * (/sys/devices/system/memory) give the same figure without it, and MemTotal rounded up is the fallback.
 */
export async function readMemory(paths: SystemPaths): Promise<Inventory['memory']> {
  const meminfo = (await readText(paths.proc, 'meminfo')) ?? '';
  const kib = Number(/^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo)?.[1] ?? 0);
  const total = kib * 1024;
  const physical = await physicalBytes(paths);
  return { total, physical_mb: Math.ceil((physical ?? total) / MIB) };
}

async function physicalBytes(paths: SystemPaths): Promise<number | undefined> {
  const dir = join(paths.sys, 'devices', 'system', 'memory');
  const blockSize = Number.parseInt((await readText(dir, 'block_size_bytes')) ?? '', 16);
  if (!Number.isFinite(blockSize) || blockSize <= 0) return undefined;
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((name) => /^memory\d+$/.test(name));
  } catch {
    return undefined;
  }
  let online = 0;
  for (const name of entries) if ((await readText(dir, name, 'online')) !== '0') online++;
  return online === 0 ? undefined : online * blockSize;
}
