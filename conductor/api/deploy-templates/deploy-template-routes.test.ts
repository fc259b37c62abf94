import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
const json = { 'content-type': 'application/json' };
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });
const step = { interface: 'bios', step: 'apply_configuration', args: {}, priority: 10 };
function post(body: unknown, minor = 82) {
  return t.app.inject({ method: 'POST', url: '/v1/deploy_templates', headers: { ...v(minor), ...json }, payload: JSON.stringify(body) });
}

describe('/v1/deploy_templates (1.55)', () => {
  it('creates (shape as Ironic 21.4), lists, shows by name, patches and deletes', async () => {
    const res = await post({ name: 'CUSTOM_X', steps: [step] });
    expect(res.statusCode).toBe(201);
    const template = res.json<Record<string, unknown>>();
    expect(Object.keys(template)).toEqual(['uuid', 'created_at', 'updated_at', 'name', 'extra', 'links', 'steps']);
    expect((await t.app.inject({ url: '/v1/deploy_templates', headers: v(82) })).json<{ deploy_templates: Array<Record<string, unknown>> }>().deploy_templates[0])
      .toEqual({ uuid: template['uuid'], name: 'CUSTOM_X', links: template['links'] });
    expect((await t.app.inject({ url: '/v1/deploy_templates/CUSTOM_X', headers: v(82) })).statusCode).toBe(200);
    const patched = await t.app.inject({ method: 'PATCH', url: '/v1/deploy_templates/CUSTOM_X', headers: { ...v(82), ...json }, payload: '[{"op":"replace","path":"/name","value":"CUSTOM_Y"}]' });
    expect(patched.json()).toMatchObject({ name: 'CUSTOM_Y' });
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/deploy_templates/CUSTOM_Y', headers: v(82) })).statusCode).toBe(204);
  });

  it.each([
    [{ name: 'CUSTOM_X', steps: [] }, 'Schema error for template: [] is too short'],
    [{ name: 'bad', steps: [step] }, "Invalid trait 'bad'."],
    [{ name: 'CUSTOM_X', steps: [{ ...step, interface: 'boot' }] }, "Schema error for template: 'boot' is not one of"],
    [{ name: 'CUSTOM_X', steps: [step, step] }, 'Duplicate deploy steps.'],
    [{ name: 'CUSTOM_X', steps: [{ ...step, priority: -1 }] }, 'is not a valid priority'],
  ])('refuses %j', async (body, message) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(faultOf(res.body).faultstring).toContain(message);
  });

  it('is hidden before 1.55', async () => {
    expect((await t.app.inject({ url: '/v1/deploy_templates', headers: v(54) })).statusCode).toBe(404);
  });

  it('refuses a duplicate name with 409', async () => {
    await post({ name: 'CUSTOM_X', steps: [step] });
    expect((await post({ name: 'CUSTOM_X', steps: [step] })).statusCode).toBe(409);
  });
});
