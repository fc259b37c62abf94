import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessMockup } from './assess-mockup.js';
import { loadMockup } from './load-mockup.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

function flatDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'redfish-flat-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(body));
  return dir;
}

const root = {
  '@odata.id': '/redfish/v1/',
  '@odata.type': '#ServiceRoot.v1_5_0.ServiceRoot',
  Systems: { '@odata.id': '/redfish/v1/Systems' },
};
const system = (id: string, extra: object = {}) => ({
  '@odata.id': id,
  '@odata.type': '#ComputerSystem.v1_10_0.ComputerSystem',
  ...extra,
});

describe('loadMockup', () => {
  it('reads a DMTF tree: the directory path is the URI, $metadata is served as XML', () => {
    const dir = writeTreeMockup();
    mkdirSync(join(dir, '$metadata'));
    writeFileSync(join(dir, '$metadata', 'index.xml'), '<edmx:Edmx/>');
    const mockup = loadMockup(dir);
    expect(mockup.layout).toBe('tree');
    expect(mockup.resources.get('/redfish/v1/Systems/1')).toMatchObject({ kind: 'json' });
    expect(mockup.resources.get('/redfish/v1/$metadata')).toMatchObject({ kind: 'xml', text: '<edmx:Edmx/>' });
  });

  it('adds a SessionService, its collection and Links.Sessions when the mockup has none', () => {
    const mockup = loadMockup(writeTreeMockup());
    const rootEntry = mockup.resources.get('/redfish/v1');
    expect(rootEntry?.kind === 'json' ? rootEntry.body.Links : undefined).toEqual({
      Sessions: { '@odata.id': '/redfish/v1/SessionService/Sessions' },
    });
    expect(mockup.resources.has('/redfish/v1/SessionService/Sessions')).toBe(true);
  });

  it('reads flat fixtures by @odata.id and keeps the shortest file name when two claim one URI', () => {
    const dir = flatDir({
      'root.json': root,
      'systems.json': {
        '@odata.id': '/redfish/v1/Systems',
        '@odata.type': '#ComputerSystemCollection.ComputerSystemCollection',
        Members: [{ '@odata.id': '/redfish/v1/Systems/1' }],
      },
      'system.json': system('/redfish/v1/Systems/1', { Name: 'base' }),
      'system_variant.json': system('/redfish/v1/Systems/1', { Name: 'variant' }),
      'error.json': { error: { code: 'Base.1.0.GeneralError' } },
    });
    const mockup = loadMockup(dir);
    const entry = mockup.resources.get('/redfish/v1/Systems/1');
    expect(entry?.kind === 'json' ? entry.body.Name : undefined).toBe('base');
    expect(mockup.notes.join('\n')).toMatch(/system_variant\.json.*already served from system\.json/);
    expect(mockup.notes.join('\n')).toMatch(/error\.json: no @odata\.id/);
  });

  it('takes the "default" variant of proliantutils-style files and rebuilds a missing Systems collection', () => {
    const dir = flatDir({
      'root.json': root,
      'system.json': {
        default: system('/redfish/v1/Systems/1/'),
        other: system('/redfish/v1/Systems/1/', { Name: 'other' }),
      },
    });
    const mockup = loadMockup(dir);
    expect(assessMockup(mockup)).toEqual({ usable: true, systems: ['/redfish/v1/Systems/1'] });
    expect(mockup.notes).toContain('synthesized /redfish/v1/Systems from 1 member(s)');
  });

  it('does not invent a collection where the missing parent is a plain resource with mixed children', () => {
    const dir = flatDir({
      'root.json': root,
      'a.json': {
        '@odata.id': '/redfish/v1/systems/1/bios/iscsi',
        '@odata.type': '#HpeiSCSI.v1_0_0.HpeiSCSI',
        Bios: { '@odata.id': '/redfish/v1/systems/1/bios' },
      },
      'b.json': {
        '@odata.id': '/redfish/v1/systems/1/bios/baseconfigs',
        '@odata.type': '#HpeBaseConfigs.v1_0_0.HpeBaseConfigs',
      },
    });
    expect(loadMockup(dir).resources.has('/redfish/v1/systems/1/bios')).toBe(false);
  });
});

describe('assessMockup', () => {
  it('explains why a fixture folder is not a system', () => {
    expect(assessMockup(loadMockup(flatDir({ 'x.json': system('/redfish/v1/Systems/1') })))).toMatchObject({
      usable: false,
      reason: 'no service root (/redfish/v1)',
    });
    expect(assessMockup(loadMockup(flatDir({ 'root.json': root })))).toMatchObject({
      usable: false,
      reason: 'no Systems collection at /redfish/v1/Systems',
    });
  });
});
