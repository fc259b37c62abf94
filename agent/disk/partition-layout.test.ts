import { describe, expect, it } from 'vitest';
import type { AgentError } from '../commands/agent-error.js';
import { partitionPath, planPartitions, sfdiskScript } from './partition-layout.js';

const GIB = 1024 ** 3;
const base = { diskBytes: 10 * GIB, rootMb: 0, swapMb: 0, ephemeralMb: 0 };

describe('planPartitions (IPA make_partitions with local boot)', () => {
  it('BIOS on msdos: ephemeral, swap, then a bootable root taking the rest of the disk', () => {
    const plan = planPartitions({ ...base, bootMode: 'bios', swapMb: 512, ephemeralMb: 1024 });
    expect(plan.label).toBe('msdos');
    expect(sfdiskScript(plan)).toBe('label: dos\n\nsize=1024MiB, type=83\nsize=512MiB, type=82\ntype=83, bootable\n');
  });

  it('BIOS on GPT: a 1 MiB BIOS boot partition first, root sized by root_mb and not flagged', () => {
    const plan = planPartitions({ ...base, bootMode: 'bios', diskLabel: 'gpt', rootMb: 2048 });
    expect(plan.partitions.map((p) => [p.number, p.role, p.sizeMb, p.bootable])).toEqual([
      [1, 'BIOS Boot partition', 1, false],
      [2, 'root', 2048, false],
    ]);
    expect(sfdiskScript(plan)).toBe(
      'label: gpt\n\nsize=1MiB, type=21686148-6449-6E6F-744E-656564454649\nsize=2048MiB, type=0FC63DAF-8483-4772-8E79-3D69E4C47DE4\n',
    );
  });

  it('UEFI defaults to GPT with a 550 MiB ESP first', () => {
    const plan = planPartitions({ ...base, bootMode: 'uefi', swapMb: 256 });
    expect(plan.label).toBe('gpt');
    expect(plan.partitions.map((p) => [p.role, p.sizeMb, p.type])).toEqual([
      ['efi system partition', 550, 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B'],
      ['swap', 256, '0657FD6D-A4AB-438C-8EE7-7C7D3C2A8DFE'],
      ['root', undefined, '0FC63DAF-8483-4772-8E79-3D69E4C47DE4'],
    ]);
  });

  it('UEFI on msdos marks the ESP with type ef', () => {
    const plan = planPartitions({ ...base, bootMode: 'uefi', diskLabel: 'msdos' });
    expect(sfdiskScript(plan)).toBe('label: dos\n\nsize=550MiB, type=ef\ntype=83\n');
  });

  it('refuses a root_mb larger than the disk, naming the sizes', () => {
    let error: AgentError | undefined;
    try {
      planPartitions({ ...base, diskBytes: 4 * GIB, bootMode: 'uefi', rootMb: 4096 });
    } catch (e) {
      error = e as AgentError;
    }
    expect(error?.type).toBe('InvalidCommandParamsError');
    expect(error?.details).toMatch(/root_mb 4096 .* need 4648 MiB .* the disk has 4096 MiB/);
  });

  it('refuses negative or fractional sizes', () => {
    expect(() => planPartitions({ ...base, bootMode: 'bios', swapMb: -1 })).toThrow(/swap_mb must be a whole number/);
    expect(() => planPartitions({ ...base, bootMode: 'bios', rootMb: 1.5 })).toThrow(/root_mb must be a whole number/);
  });
});

describe('partitionPath (IPA partition_index_to_path)', () => {
  it('adds p after names ending in a digit', () => {
    expect(partitionPath('/dev/sda', 2)).toBe('/dev/sda2');
    expect(partitionPath('/dev/nvme0n1', 1)).toBe('/dev/nvme0n1p1');
    expect(partitionPath('/dev/loop3', 1)).toBe('/dev/loop3p1');
  });
});
