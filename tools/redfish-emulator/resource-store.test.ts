import { describe, expect, it } from 'vitest';
import { loadMockup } from './load-mockup.js';
import { createResourceStore } from './resource-store.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

const mockup = loadMockup(writeTreeMockup());
const options = (caseInsensitive = false) => ({ caseInsensitive: () => caseInsensitive, weakEtags: () => false });

describe('createResourceStore', () => {
  it('gives every store its own copy of the mockup', () => {
    const a = createResourceStore(mockup, options());
    const b = createResourceStore(mockup, options());
    a.update('/redfish/v1/Systems/1', (body) => void (body.PowerState = 'Off'));
    expect(b.get('/redfish/v1/Systems/1')?.PowerState).toBe('On');
    const entry = mockup.resources.get('/redfish/v1/Systems/1');
    expect(entry?.kind === 'json' ? entry.body.PowerState : undefined).toBe('On');
  });

  it('re-tags a resource when it changes', () => {
    const store = createResourceStore(mockup, options());
    const before = store.etag('/redfish/v1/Systems/1');
    store.update('/redfish/v1/Systems/1', (body) => void (body.AssetTag = 'new'));
    expect(store.etag('/redfish/v1/Systems/1')).not.toBe(before);
  });

  it('resolves trailing slashes always and other cases only when switched on', () => {
    expect(createResourceStore(mockup, options()).resolve('/redfish/v1/Systems/1/')).toBe('/redfish/v1/Systems/1');
    expect(createResourceStore(mockup, options()).resolve('/redfish/v1/systems/1')).toBeUndefined();
    expect(createResourceStore(mockup, options(true)).resolve('/REDFISH/v1/systems/1')).toBe('/redfish/v1/Systems/1');
  });

  it('keeps Members@odata.count in step with Members', () => {
    const store = createResourceStore(mockup, options());
    store.addMember('/redfish/v1/Systems', '/redfish/v1/Systems/2');
    expect(store.get('/redfish/v1/Systems')).toMatchObject({ 'Members@odata.count': 2 });
    store.removeMember('/redfish/v1/Systems', '/redfish/v1/Systems/2');
    expect(store.get('/redfish/v1/Systems')).toMatchObject({ 'Members@odata.count': 1 });
  });
});
