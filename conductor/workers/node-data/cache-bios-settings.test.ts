import { describe, expect, it } from 'vitest';
import { syncBiosSettings } from './cache-bios-settings.js';

const t1 = '2024-05-01T10:00:00.000+00:00';
const t2 = '2024-05-02T10:00:00.000+00:00';
const registry = {
  attribute_type: null, allowable_values: null, lower_bound: null, max_length: null, min_length: null, read_only: null,
  reset_required: null, unique: null, upper_bound: null,
};

describe('syncBiosSettings', () => {
  it('creates every setting on the first read, sorted by name, registry fields null when unknown', () => {
    const sync = syncBiosSettings([], [{ name: 'Zeta', value: '1' }, { name: 'Alpha', value: null, read_only: true, allowable_values: ['a'] }], t1);
    expect(sync).toMatchObject({ created: ['Zeta', 'Alpha'], updated: [], deleted: [] });
    expect(sync.settings).toEqual([
      { name: 'Alpha', value: null, ...registry, read_only: true, allowable_values: ['a'], created_at: t1, updated_at: null },
      { name: 'Zeta', value: '1', ...registry, created_at: t1, updated_at: null },
    ]);
  });

  it('updates changed settings (keeping created_at), deletes vanished ones and leaves the rest untouched', () => {
    const first = syncBiosSettings([], [{ name: 'A', value: '1' }, { name: 'B', value: '1' }, { name: 'C', value: '1' }], t1).settings;
    const sync = syncBiosSettings(first, [{ name: 'A', value: '2' }, { name: 'B', value: '1' }, { name: 'B', value: 'dup' }], t2);
    expect(sync).toMatchObject({ created: [], updated: ['A'], deleted: ['C'] });
    expect(sync.settings).toEqual([
      { name: 'A', value: '2', ...registry, created_at: t1, updated_at: t2 },
      { name: 'B', value: '1', ...registry, created_at: t1, updated_at: null },
    ]);
  });
});
