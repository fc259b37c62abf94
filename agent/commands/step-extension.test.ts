import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger, type JsonObject } from '../../core/index.js';
import { createAgentState } from '../agent-state.js';
import { createDispatcher } from '../hardware-managers/dispatcher.js';
import { createGenericManager } from '../hardware-managers/generic-manager.js';
import { createCommandExecutor } from './command-executor.js';
import { createStepExtension } from './step-extension.js';
import { tarArchive } from './system-logs.js';
import { anInventoryDisk } from '../../test/support/an-inventory-disk.js';

async function setup() {
  const calls: string[] = [];
  const disk = anInventoryDisk({ name: '/dev/fake0' });
  const generic = createGenericManager({
    version: '1.0',
    listDisks: async () => [disk],
    chooseRootDevice: (disks) => disks[0] ?? disk,
    eraseDevicesMetadata: async (d) => {
      calls.push(`metadata ${d.map((x) => x.name).join()}`);
    },
    eraseDevices: async () => {
      calls.push('erase');
    },
    createSoftwareRaid: async (config) => {
      calls.push('create');
      return { ...config, built: true };
    },
    deleteSoftwareRaid: async () => {
      calls.push('delete');
    },
    softwareRaidRootDevice: async () => undefined,
    writeImage: async () => ({ result: 'written' }),
  });
  const dispatcher = await createDispatcher([generic], silentLogger);
  const state = createAgentState();
  const executor = createCommandExecutor({
    extensions: new Map([
      ['clean', createStepExtension('clean', { dispatcher, state })],
      ['deploy', createStepExtension('deploy', { dispatcher, state })],
    ]),
    log: silentLogger,
    signal: new AbortController().signal,
    reportProgress: () => undefined,
    onCommandDone: () => undefined,
  });
  const finish = async (params: JsonObject, name = 'clean.execute_clean_step') => {
    const started = await executor.execute(name, params);
    return executor.waitFor(started.id, new AbortController().signal);
  };
  return { executor, state, calls, finish };
}

describe('clean/deploy extensions with the generic manager', () => {
  it("lists IPA's generic clean steps with the manager versions", async () => {
    const { executor } = await setup();
    const result = await executor.execute('clean.get_clean_steps', { node: { uuid: 'n1' }, ports: [] });
    const steps =
      (result.command_result?.['clean_steps'] as Record<string, { step: string; priority: number }[]>)[
        'generic_hardware_manager'
      ] ?? [];
    expect(steps.map((s) => [s.step, s.priority])).toEqual([
      ['erase_devices', 10],
      ['erase_devices_metadata', 99],
      ['delete_configuration', 0],
      ['create_configuration', 0],
    ]);
    expect(result.command_result?.['hardware_manager_version']).toEqual({ generic_hardware_manager: '1.0' });
  });

  it('runs a step and answers {clean_result, clean_step}; caches the node it was sent', async () => {
    const { finish, calls, state } = await setup();
    const step = { step: 'erase_devices_metadata', interface: 'deploy', priority: 99 };
    const done = await finish({
      step,
      node: { uuid: 'n1', target_raid_config: {} },
      ports: [],
      clean_version: { generic_hardware_manager: '1.0' },
    });
    expect(done).toMatchObject({
      command_status: 'SUCCEEDED',
      command_result: { clean_result: null, clean_step: step },
    });
    expect(calls).toEqual(['metadata /dev/fake0']);
    expect(state.node).toEqual({ uuid: 'n1', target_raid_config: {} });
  });

  it('answers CLEAN_VERSION_MISMATCH when the cached versions differ, and FAILED for an unknown step', async () => {
    const { finish, calls } = await setup();
    const mismatch = await finish({
      step: { step: 'erase_devices' },
      node: {},
      ports: [],
      clean_version: { generic_hardware_manager: '0.9' },
    });
    expect(mismatch).toMatchObject({
      command_status: 'CLEAN_VERSION_MISMATCH',
      command_error: { type: 'VersionMismatch' },
    });
    const unknown = await finish({ step: { step: 'burnin_cpu' }, node: {}, ports: [] });
    expect(unknown).toMatchObject({
      command_status: 'FAILED',
      command_error: { type: 'HardwareManagerMethodNotFound' },
    });
    expect(calls).toEqual([]);
  });

  it('applies a RAID configuration as a deploy step: delete, then create from raid_config', async () => {
    const { finish, calls } = await setup();
    const step = {
      step: 'apply_configuration',
      interface: 'raid',
      args: { raid_config: { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] } },
    };
    const done = await finish({ step, node: {}, ports: [] }, 'deploy.execute_deploy_step');
    expect(done).toMatchObject({
      command_status: 'SUCCEEDED',
      command_result: { deploy_result: { built: true }, deploy_step: step },
    });
    expect(calls).toEqual(['delete', 'create']);
  });
});

describe('tarArchive', () => {
  it('writes an archive GNU tar reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferro-tar-'));
    try {
      writeFileSync(
        join(dir, 'logs.tar'),
        tarArchive(
          [
            ['dmesg', Buffer.from('hello\n')],
            ['empty', Buffer.alloc(0)],
            ['big', Buffer.alloc(1000, 65)],
          ],
          1_700_000_000,
        ),
      );
      expect(execFileSync('tar', ['-tvf', join(dir, 'logs.tar')]).toString()).toMatch(/dmesg[\s\S]*empty[\s\S]*big/);
      expect(execFileSync('tar', ['-xOf', join(dir, 'logs.tar'), 'dmesg']).toString()).toBe('hello\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
