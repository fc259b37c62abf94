import { describe, expect, it } from 'vitest';
import { syncFirmwareComponents } from './cache-firmware-components.js';

const t1 = '2024-05-01T10:00:00.000+00:00';
const t2 = '2024-05-02T10:00:00.000+00:00';

describe('syncFirmwareComponents', () => {
  it('takes initial_version from the first read, as FirmwareComponent.create does', () => {
    const sync = syncFirmwareComponents([], [{ component: 'bios', initial_version: '0.9', current_version: '1.0' }], t1);
    expect(sync).toEqual({
      created: ['bios'], updated: [],
      components: [{ component: 'bios', initial_version: '1.0', current_version: '1.0', last_version_flashed: null, created_at: t1, updated_at: null }],
    });
  });

  it('records a new version as current and last flashed, and keeps components the BMC stops reporting', () => {
    const first = syncFirmwareComponents([], [
      { component: 'bios', initial_version: '1.0', current_version: '1.0' }, { component: 'nic:1', initial_version: '7', current_version: '7' },
    ], t1).components;
    const sync = syncFirmwareComponents(first, [{ component: 'bios', initial_version: '1.0', current_version: '1.1' }], t2);
    expect(sync.updated).toEqual(['bios 1.0 -> 1.1']);
    expect(sync.components).toEqual([
      { component: 'bios', initial_version: '1.0', current_version: '1.1', last_version_flashed: '1.1', created_at: t1, updated_at: t2 },
      { component: 'nic:1', initial_version: '7', current_version: '7', last_version_flashed: null, created_at: t1, updated_at: null },
    ]);
    expect(syncFirmwareComponents(sync.components, [{ component: 'bios', initial_version: '1.0', current_version: '1.1' }], t2)).toMatchObject({ created: [], updated: [] });
  });
});
