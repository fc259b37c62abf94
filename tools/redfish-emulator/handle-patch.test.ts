import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, BASIC, redfishFetch } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

const SYSTEM = '/redfish/v1/Systems/1';
let bmc: RedfishEmulator;
beforeAll(async () => {
  bmc = await startRedfishEmulator({ mockupDir: writeTreeMockup() });
});
afterAll(() => bmc.close());

describe('PATCH', () => {
  it('checks values against the resource’s AllowableValues (PropertyValueNotInList)', async () => {
    const response = await redfishFetch(bmc, 'PATCH', SYSTEM, { Boot: { BootSourceOverrideTarget: 'UefiHttp' } });
    expect(response.status).toBe(400);
    expect(at(response.json, 'error', '@Message.ExtendedInfo', 0)).toMatchObject({
      MessageId: 'Base.1.16.PropertyValueNotInList',
      MessageArgs: ['UefiHttp', 'Boot/BootSourceOverrideTarget'],
    });
  });

  it('applies what it can and reports the rest in @Message.ExtendedInfo (DSP0266 partial success)', async () => {
    const response = await redfishFetch(bmc, 'PATCH', SYSTEM, {
      AssetTag: 'moved',
      PowerState: 'Off',
      Bogus: 1,
      IndicatorLED: 3,
    });
    expect(response.status).toBe(200);
    expect(at(response.json, 'AssetTag')).toBe('moved');
    expect(at(response.json, 'PowerState')).toBe('On');
    const ids = (at(response.json, '@Message.ExtendedInfo') as { MessageId: string }[]).map(
      (message) => message.MessageId,
    );
    expect(ids).toEqual([
      'Base.1.16.PropertyNotWritable',
      'Base.1.16.PropertyUnknown',
      'Base.1.16.PropertyValueTypeError',
    ]);
  });

  it('refuses BIOS attributes that do not exist or change type', async () => {
    const response = await redfishFetch(bmc, 'PATCH', `${SYSTEM}/Bios/Settings`, {
      Attributes: { NoSuch: 'x', ProcCoreDisable: 'two' },
    });
    expect(response.status).toBe(400);
    expect((at(response.json, 'error', '@Message.ExtendedInfo') as unknown[]).length).toBe(2);
  });

  it('answers 405 with Allow on read-only resources, and 400 for empty or non-object bodies', async () => {
    const bios = await redfishFetch(bmc, 'PATCH', `${SYSTEM}/Bios`, { Attributes: { BootMode: 'Legacy' } });
    expect(bios.status).toBe(405);
    expect(bios.headers.get('allow')).toBe('GET, HEAD');
    expect(at((await redfishFetch(bmc, 'PATCH', SYSTEM, {})).json, 'error', 'code')).toBe('Base.1.16.EmptyJSON');
    expect(at((await redfishFetch(bmc, 'PATCH', SYSTEM, '[1,2]')).json, 'error', 'code')).toBe(
      'Base.1.16.UnrecognizedRequestBody',
    );
    expect(at((await redfishFetch(bmc, 'PATCH', SYSTEM, '{"Boot":')).json, 'error', 'code')).toBe(
      'Base.1.16.MalformedJSON',
    );
  });

  it('answers 412 for a stale If-Match and accepts the current tag, weak or strong', async () => {
    const current = (await redfishFetch(bmc, 'GET', SYSTEM)).headers.get('etag') ?? '';
    const stale = await redfishFetch(
      bmc,
      'PATCH',
      SYSTEM,
      { AssetTag: 'a' },
      { Authorization: BASIC, 'If-Match': '"stale"' },
    );
    expect(stale.status).toBe(412);
    expect(at(stale.json, 'error', 'code')).toBe('Base.1.16.PreconditionFailed');
    const ok = await redfishFetch(
      bmc,
      'PATCH',
      SYSTEM,
      { AssetTag: 'b' },
      { Authorization: BASIC, 'If-Match': `W/${current}` },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).not.toBe(current);
  });

  it('accepts the @Redfish.Settings.ETag annotation as If-Match on the settings object (what sushy sends)', async () => {
    const annotation = at((await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios`)).json, '@Redfish.Settings', 'ETag');
    expect(annotation).toBe((await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios/Settings`)).headers.get('etag'));
    const response = await redfishFetch(
      bmc,
      'PATCH',
      `${SYSTEM}/Bios/Settings`,
      { Attributes: { BootMode: 'Legacy' } },
      { Authorization: BASIC, 'If-Match': String(annotation) },
    );
    expect(response.status).toBe(200);
  });

  it('answers 428 without If-Match when the etagRequired switch is on', async () => {
    bmc.state.switches.etagRequired = true;
    try {
      const response = await redfishFetch(bmc, 'PATCH', SYSTEM, { AssetTag: 'c' });
      expect(response.status).toBe(428);
      expect(at(response.json, 'error', 'code')).toBe('Base.1.16.PreconditionRequired');
    } finally {
      bmc.state.switches.etagRequired = false;
    }
  });

  it('checks @Redfish.SettingsApplyTime against SupportedApplyTimes', async () => {
    const response = await redfishFetch(bmc, 'PATCH', `${SYSTEM}/Bios/Settings`, {
      Attributes: { BootMode: 'Uefi' },
      '@Redfish.SettingsApplyTime': { ApplyTime: 'Immediate' },
    });
    expect(response.status).toBe(400);
    expect(at(response.json, 'error', 'code')).toBe('Base.1.16.PropertyValueNotInList');
  });
});
