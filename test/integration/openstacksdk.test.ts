// Issue #2: openstacksdk (Debian python3-openstacksdk) drives a fake-hardware node end to end.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConductor, type ConductorProcess } from '../support/conductor-process.js';

const python = '/usr/bin/python3';
const hasSdk = existsSync('/usr/lib/python3/dist-packages/openstack');
if (!hasSdk) console.warn('SKIP openstacksdk suite: install python3-openstacksdk (Debian)');

describe.skipIf(!hasSdk)('openstacksdk against Ferro', () => {
  let conductor: ConductorProcess;
  beforeAll(async () => {
    conductor = await startConductor();
  }, 60_000);
  afterAll(async () => {
    await conductor?.stop();
  });

  it('enrolls, deploys, undeploys and deletes; errors carry the server message', async () => {
    const out = await new Promise<string>((ok, fail) => {
      execFile(python, [join(import.meta.dirname, 'openstacksdk-flow.py'), conductor.url], { timeout: 150_000, env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' } },
        (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stderr}`)) : ok(stdout)));
    });
    const { seen, errors } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { seen: Record<string, unknown>; errors: Record<string, string> };
    expect(seen).toMatchObject({
      created: 'available', port: '52:54:00:cc:dd:01', power_on: 'power on', boot_device: 'pxe', manage: 'manageable',
      inspect: 'manageable', provide: 'available', active: 'active', deleted: 'available', maintenance: [true, 'sdk says so'],
    });
    expect((seen.validate as Record<string, boolean>).power).toBe(true);
    expect(seen.listed).toContain('sdk-node-1');
    expect(errors['404']).toContain('sdk-missing could not be found');
    expect(errors['400']).toContain('can not be performed on node');
    expect(errors['409']).toContain('A node with name sdk-node-2 already exists');
  }, 180_000);
});
