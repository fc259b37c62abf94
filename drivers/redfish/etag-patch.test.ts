import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { etagAttempts, patchWithEtag } from './etag-patch.js';
import { RedfishClient } from './redfish-client.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { resolveRedfishOptions } from './redfish-options.js';
import { miniBmcTree } from './testing/mini-bmc-tree.js';
import { aRedfishNode, instantClock } from './testing/redfish-test-kit.js';
import { ScriptedBmc, errorBody } from './testing/scripted-bmc.js';

const SYSTEM = '/redfish/v1/Systems/1';
const ctx = { signal: new AbortController().signal, log: silentLogger };
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function setup() {
  const bmc = await ScriptedBmc.start(miniBmcTree());
  bmc.etags = true;
  const client = new RedfishClient(parseRedfishDriverInfo(aRedfishNode({ redfish_address: bmc.origin })), resolveRedfishOptions({ clock: instantClock() }));
  opened.push(bmc, client);
  return { bmc, client };
}

const preconditionFailed = { status: 412, body: errorBody('Base.1.8.PreconditionFailed', 'ETag mismatch') };

describe('patchWithEtag (sushy _etag_handler fallbacks)', () => {
  it('sends If-Match with the ETag from the last GET', async () => {
    const { bmc, client } = await setup();
    const system = await client.get(SYSTEM, ctx);
    await patchWithEtag(client, SYSTEM, { IndicatorLED: 'Lit' }, system.etag, ctx);
    expect(bmc.seen('PATCH', SYSTEM).map((r) => r.headers['if-match'])).toEqual(['W/"0"']);
    expect(bmc.resource(SYSTEM)['IndicatorLED']).toBe('Lit');
  });

  it('on 412 retries a weak tag as strong, then without If-Match', async () => {
    const { bmc, client } = await setup();
    bmc.script('PATCH', SYSTEM, preconditionFailed, 2);
    await patchWithEtag(client, SYSTEM, { IndicatorLED: 'Lit' }, 'W/"abc"', ctx);
    expect(bmc.seen('PATCH', SYSTEM).map((r) => r.headers['if-match'])).toEqual(['W/"abc"', '"abc"', undefined]);
  });

  it('on 412 retries a strong tag without If-Match, and reports the last failure', async () => {
    const { bmc, client } = await setup();
    bmc.script('PATCH', SYSTEM, preconditionFailed, 2);
    await expect(patchWithEtag(client, SYSTEM, { IndicatorLED: 'Lit' }, '"abc"', ctx)).rejects.toMatchObject({ code: 'RedfishError', message: expect.stringContaining('412') });
    expect(bmc.seen('PATCH', SYSTEM).map((r) => r.headers['if-match'])).toEqual(['"abc"', undefined]);
  });

  it('does not retry other failures', async () => {
    const { bmc, client } = await setup();
    bmc.script('PATCH', SYSTEM, { status: 400, body: errorBody('Base.1.8.PropertyUnknown', 'unknown') });
    await expect(patchWithEtag(client, SYSTEM, { Nope: 1 }, 'W/"1"', ctx)).rejects.toMatchObject({ code: 'RedfishError' });
    expect(bmc.seen('PATCH', SYSTEM)).toHaveLength(1);
  });

  it('never sends an empty If-Match', () => {
    expect(etagAttempts('')).toEqual([undefined]);
    expect(etagAttempts(undefined)).toEqual([undefined]);
  });
});
