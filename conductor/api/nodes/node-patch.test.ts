import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
let uuid: string;
const json = { 'content-type': 'application/json' };
beforeEach(async () => {
  t = await buildTestApi();
  const res = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware","name":"pn","driver_info":{"a":1}}' });
  uuid = res.json<{ uuid: string }>().uuid;
});
afterEach(async () => { await t.app.close(); });

function patch(ops: unknown, url = `/v1/nodes/${uuid}`, minor = 82) {
  return t.app.inject({ method: 'PATCH', url, headers: { ...v(minor), ...json }, payload: JSON.stringify(ops) });
}

describe('PATCH /v1/nodes/{ident}', () => {
  it('adds, replaces and removes nested keys, with ~0/~1 escapes', async () => {
    const res = await patch([
      { op: 'add', path: '/driver_info/a~1b', value: 1 }, { op: 'add', path: '/extra/t~0k', value: 'x' },
      { op: 'replace', path: '/driver_info/a', value: 2 }, { op: 'add', path: '/properties/cpus', value: 8 },
      { op: 'remove', path: '/driver_info/a~1b' }, { op: 'replace', path: '/name', value: 'renamed' },
    ]);
    expect(res.statusCode).toBe(200);
    const node = res.json<Record<string, unknown>>();
    expect(node['driver_info']).toEqual({ a: 2 });
    expect(node['extra']).toEqual({ 't~k': 'x' });
    expect(node['properties']).toEqual({ cpus: 8 });
    expect(node['name']).toBe('renamed');
    expect(node['updated_at']).not.toBeNull();
  });

  it('removing a dict field resets it to {} and removing name sets null', async () => {
    const node = (await patch([{ op: 'remove', path: '/driver_info' }, { op: 'remove', path: '/name' }])).json<Record<string, unknown>>();
    expect(node['driver_info']).toEqual({});
    expect(node['name']).toBeNull();
  });

  it.each([
    [[{ op: 'replace', path: '/uuid', value: 'x' }], 'Cannot patch /uuid. Only the following can be updated: '],
    [[{ op: 'replace', path: '/provision_state', value: 'x' }], 'Cannot patch /provision_state.'],
    [[{ op: 'remove', path: '/driver_info/nope' }], "Couldn't apply patch '{'op': 'remove', 'path': '/driver_info/nope'}'. Reason: can't remove a non-existent object 'nope'"],
    [[{ op: 'move', path: '/extra/a', from: '/extra/b' }], "Schema error for patch: Additional properties are not allowed ('from' was unexpected)"],
    [{ op: 'add' }, "Schema error for patch: {'op': 'add'} is not of type 'array'"],
    [[{ op: 'add', path: 'extra/x', value: 1 }], "Schema error for patch: 'extra/x' does not match"],
    [[{ op: 'test', path: '/driver', value: 'x' }], "Schema error for patch: 'test' is not one of ['add', 'replace', 'remove']"],
    [[{ op: 'add', path: '/extra' }], "Schema error for patch: 'value' is a required property"],
    [[{ op: 'remove', path: '/driver' }], "Schema error for patch: 'driver' is a required property"],
    [[{ op: 'replace', path: '/name', value: 'bad name' }], "Node {uuid}: Cannot change name to invalid name 'bad name'"],
    [[{ op: 'replace', path: '/driver_info', value: 's' }], "Schema error for node: 's' is not of type 'object', 'null'"],
    [[{ op: 'replace', path: '/maintenance', value: 's' }], "Schema error for node: 's' is not of type 'boolean'"],
    [[{ op: 'replace', path: '/power_interface', value: 'ipmitool' }], "Could not find the following interface in the 'ironic.hardware.interfaces.power' entrypoint: ipmitool."],
  ])('refuses %j with 400', async (ops, message) => {
    const res = await patch(ops);
    expect(res.statusCode).toBe(400);
    expect(faultOf(res.body).faultstring).toContain(message.replace('{uuid}', uuid));
  });

  it('answers 406 for a field newer than the request and 400 for reset_interfaces without a driver change', async () => {
    expect((await patch([{ op: 'add', path: '/shard', value: 'a' }], `/v1/nodes/${uuid}`, 81)).statusCode).toBe(406);
    expect((await patch([{ op: 'add', path: '/extra/a', value: 1 }], `/v1/nodes/${uuid}?reset_interfaces=true`, 44)).statusCode).toBe(406);
    const res = await patch([{ op: 'add', path: '/extra/a', value: 1 }], `/v1/nodes/${uuid}?reset_interfaces=true`);
    expect(res.statusCode).toBe(400);
    expect(faultOf(res.body).faultstring).toBe("The reset_interfaces parameter can only be used when changing the node's driver.");
    expect(faultOf((await patch([{ op: 'add', path: '/extra/a', value: 1 }], `/v1/nodes/${uuid}?fields=uuid`)).body).faultstring).toBe('Unexpected arguments: fields');
  });

  it('is refused with 409 during a transition, except in UPDATE_ALLOWED_STATES', async () => {
    let node = (await t.store.nodes.get(uuid))!;
    node = await t.store.nodes.update(uuid, node.version, { provision_state: 'cleaning', target_provision_state: 'available' });
    const busy = await patch([{ op: 'add', path: '/extra/a', value: 1 }]);
    expect(busy.statusCode).toBe(409);
    expect(faultOf(busy.body).faultstring).toBe(`Node ${uuid} can not be updated while a state transition is in progress.`);
    await t.store.nodes.update(uuid, node.version, { provision_state: 'inspect wait', target_provision_state: 'manageable' });
    expect((await patch([{ op: 'add', path: '/extra/a', value: 1 }])).statusCode).toBe(200);
  });

  it('sets maintenance and clears its reason when unset; protected only when active', async () => {
    expect((await patch([{ op: 'replace', path: '/maintenance', value: true }])).json<{ maintenance: boolean }>().maintenance).toBe(true);
    const res = await patch([{ op: 'replace', path: '/protected', value: true }]);
    expect(res.statusCode).toBe(409);
    expect((await patch([{ op: 'replace', path: '/protected_reason', value: 'x' }])).statusCode).toBe(400);
  });

  it('associates an instance and refuses re-association (409)', async () => {
    const a = '11111111-2222-3333-4444-555555555555';
    expect((await patch([{ op: 'add', path: '/instance_uuid', value: a }])).json<{ instance_uuid: string }>().instance_uuid).toBe(a);
    expect((await patch([{ op: 'replace', path: '/instance_uuid', value: '21111111-2222-3333-4444-555555555555' }])).statusCode).toBe(409);
    expect((await patch([{ op: 'replace', path: '/instance_uuid', value: 'nope' }])).statusCode).toBe(400);
  });

  it('never stores a __proto__ key as the prototype', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/nodes/${uuid}`, headers: { ...v(82), ...json }, payload: '[{"op":"add","path":"/extra/__proto__","value":{"polluted":true}}]' });
    expect(res.statusCode).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
