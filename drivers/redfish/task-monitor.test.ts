import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { RedfishClient } from './redfish-client.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { resolveRedfishOptions } from './redfish-options.js';
import { waitForTask } from './task-monitor.js';
import { miniBmcTree } from './testing/mini-bmc-tree.js';
import { aRedfishNode, instantClock } from './testing/redfish-test-kit.js';
import { ScriptedBmc } from './testing/scripted-bmc.js';

const MONITOR = '/redfish/v1/TaskService/TaskMonitors/9';
const ctx = { signal: new AbortController().signal, log: silentLogger };
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function setup() {
  const bmc = await ScriptedBmc.start(miniBmcTree());
  const clock = instantClock();
  const client = new RedfishClient(parseRedfishDriverInfo(aRedfishNode({ redfish_address: bmc.origin })), resolveRedfishOptions({ clock }));
  opened.push(bmc, client);
  return { bmc, client, wait: { clock, timeoutMs: 60_000, pollMs: 1_000, what: 'a test task' }, clock };
}
const accepted = { status: 202, headers: { location: MONITOR }, body: undefined };

describe('waitForTask', () => {
  it('polls the monitor while it answers 202, honouring Retry-After, until the task completes', async () => {
    const { bmc, client, wait, clock } = await setup();
    bmc.script('GET', MONITOR, { status: 202, headers: { 'Retry-After': '5' }, body: { TaskState: 'Running', PercentComplete: 50 } }, 2);
    bmc.script('GET', MONITOR, { status: 200, body: { TaskState: 'Completed' } });
    await expect(waitForTask(client, accepted, wait, ctx)).resolves.toMatchObject({ state: 'Completed' });
    expect(bmc.seen('GET', MONITOR)).toHaveLength(3);
    expect(clock.sleeps).toEqual([1_000, 5_000, 5_000]);
  });

  it('keeps polling a Location that points at the Task itself until TaskState ends', async () => {
    const { bmc, client, wait } = await setup();
    bmc.script('GET', MONITOR, { status: 200, body: { TaskState: 'Running' } });
    bmc.script('GET', MONITOR, { status: 200, body: { TaskState: 'Completed' } });
    await expect(waitForTask(client, accepted, wait, ctx)).resolves.toMatchObject({ state: 'Completed' });
  });

  it('fails with the task messages when the task ends in Exception', async () => {
    const { bmc, client, wait } = await setup();
    bmc.script('GET', MONITOR, { status: 200, body: { TaskState: 'Exception', Messages: [{ MessageId: 'Update.1.0.ApplyFailed', Message: 'Image is corrupt.' }] } });
    await expect(waitForTask(client, accepted, wait, ctx)).rejects.toMatchObject({
      code: 'RedfishTaskFailed', message: expect.stringContaining('TaskState Exception: Image is corrupt. (Update.1.0.ApplyFailed)'),
    });
  });

  it('gives up after its timeout', async () => {
    const { bmc, client, wait } = await setup();
    bmc.script('GET', MONITOR, { status: 202, body: { TaskState: 'Running' } }, 1_000);
    await expect(waitForTask(client, accepted, { ...wait, timeoutMs: 10_000 }, ctx)).rejects.toMatchObject({
      code: 'RedfishTaskFailed', message: expect.stringContaining('did not finish a test task within 10000 ms'),
    });
  });

  it('treats a vanished monitor (404) as gone, and a 202 without Location as invalid', async () => {
    const { client, wait } = await setup();
    const purged = { ...accepted, headers: { location: '/redfish/v1/TaskService/Tasks/purged' } };
    await expect(waitForTask(client, purged, wait, ctx)).resolves.toMatchObject({ state: 'gone' });
    await expect(waitForTask(client, { ...accepted, headers: {} }, wait, ctx)).rejects.toMatchObject({ code: 'RedfishInvalidResponse' });
  });
});
