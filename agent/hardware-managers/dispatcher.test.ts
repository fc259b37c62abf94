import { describe, expect, it } from 'vitest';
import { silentLogger, type JsonObject } from '../../core/index.js';
import { createDispatcher, rootDeviceHints } from './dispatcher.js';
import { HardwareSupport, type HardwareManager, type ManagerContext, type ManagerStep } from './hardware-manager.js';

const ctx: ManagerContext = { node: {}, ports: [], signal: new AbortController().signal, progress: () => undefined };
const step = (name: string, priority: number, result: string): ManagerStep => ({
  step: name,
  priority,
  interface: 'deploy',
  reboot_requested: false,
  run: async () => result,
});
const manager = (
  name: string,
  support: HardwareSupport,
  steps: ManagerStep[],
  extra: Partial<HardwareManager> = {},
): HardwareManager => ({
  name,
  version: '1',
  evaluateHardwareSupport: async () => support,
  getCleanSteps: async () => steps,
  ...extra,
});

describe('dispatcher', () => {
  it('drops managers without support and asks the most specific first', async () => {
    const d = await createDispatcher(
      [
        manager('generic', HardwareSupport.Generic, []),
        manager('none', HardwareSupport.None, []),
        manager('vendor', HardwareSupport.ServiceProvider, [], { listDisks: async () => [] }),
        manager('broken', HardwareSupport.Mainline, [], {
          evaluateHardwareSupport: async () => {
            throw new Error('no');
          },
        }),
      ],
      silentLogger,
    );
    expect(d.managers.map((m) => m.manager.name)).toEqual(['vendor', 'generic']);
    expect(d.first('listDisks')?.name).toBe('vendor');
    expect(d.first('updateFirmware')).toBeUndefined();
    expect(d.versions()).toEqual({ vendor: '1', generic: '1' });
  });

  it('de-duplicates steps like IPA: support, then priority, then manager name', async () => {
    const d = await createDispatcher(
      [
        manager('generic', HardwareSupport.Generic, [
          step('erase_devices', 10, 'generic'),
          step('only_generic', 0, 'g'),
        ]),
        manager('zeta', HardwareSupport.Mainline, [
          step('erase_devices', 5, 'zeta'),
          step('tie', 3, 'zeta'),
          step('prio', 1, 'zeta'),
        ]),
        manager('alpha', HardwareSupport.Mainline, [step('tie', 3, 'alpha'), step('prio', 2, 'alpha')]),
      ],
      silentLogger,
    );
    const steps = await d.getSteps('clean', ctx);
    const names = Object.fromEntries(Object.entries(steps).map(([m, s]) => [m, s.map((x) => x.step).sort()]));
    expect(names).toEqual({ zeta: ['erase_devices'], alpha: ['prio', 'tie'], generic: ['only_generic'] });
    expect(steps['zeta']?.[0]).toEqual({
      step: 'erase_devices',
      priority: 5,
      interface: 'deploy',
      reboot_requested: false,
    });
    expect(await (await d.findStep('clean', 'erase_devices', ctx))?.run({}, ctx)).toBe('zeta');
    expect(await d.findStep('clean', 'nope', ctx)).toBeUndefined();
    expect(await d.getSteps('deploy', ctx)).toEqual({});
  });

  it('offers firmware.update for managers that can update firmware and sends each component to its owner', async () => {
    const flashed: string[] = [];
    const flash = manager('lab_flash', HardwareSupport.Mainline, [], {
      listFirmwareComponents: async () => [{ component: 'lab-flash', current_version: flashed.length > 0 ? '2' : '1' }],
      updateFirmware: async (u) => {
        flashed.push(`${u.component}@${u.url}`);
        return { component: u.component, current_version: '2' };
      },
    });
    const d = await createDispatcher([manager('generic', HardwareSupport.Generic, []), flash], silentLogger);
    const steps = await d.getSteps('clean', ctx);
    expect(steps['lab_flash']).toEqual([
      expect.objectContaining({ step: 'update', interface: 'firmware', priority: 0, abortable: false }),
    ]);
    const update = await d.findStep('clean', 'update', ctx);
    const result = await update?.run(
      { settings: [{ component: 'lab-flash', url: 'http://x/fw.bin', checksum: 'sha256:00' }] },
      ctx,
    );
    expect(flashed).toEqual(['lab-flash@http://x/fw.bin']);
    expect(result).toEqual({
      firmware_components: [{ component: 'lab-flash', current_version: '2', previous_version: '1' }],
    });
    await expect(update?.run({ settings: [{ component: 'x' }] }, ctx)).rejects.toMatchObject({
      type: 'InvalidCommandParamsError',
    });
    expect(await d.listFirmwareComponents()).toEqual([{ component: 'lab-flash', current_version: '2' }]);
  });
});

describe('rootDeviceHints', () => {
  it('prefers instance_info.root_device over properties.root_device and ignores empty ones', () => {
    const node = (ii: JsonObject, p: JsonObject): JsonObject => ({ instance_info: ii, properties: p });
    expect(rootDeviceHints(node({ root_device: { name: '/dev/sdb' } }, { root_device: { size: 10 } }))).toEqual({
      name: '/dev/sdb',
    });
    expect(rootDeviceHints(node({ root_device: {} }, { root_device: { size: 10 } }))).toEqual({ size: 10 });
    expect(rootDeviceHints(node({}, {}))).toBeUndefined();
    expect(rootDeviceHints({})).toBeUndefined();
  });
});
