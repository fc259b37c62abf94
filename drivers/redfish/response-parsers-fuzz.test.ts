import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaremetalError, silentLogger, type JsonObject, type JsonValue } from '../../core/index.js';
import { actionInfoValues, findAction } from './allowable-values.js';
import { parseBiosSettings, requestedAttributes } from './bios-attributes.js';
import { parseBootDevice, parseBootMode, parseSupportedBootDevices } from './boot-devices.js';
import { bootPatch } from './boot-override.js';
import { describeMessages, decodeExtendedInfo } from './extended-info.js';
import { firmwareComponents } from './firmware-inventory.js';
import { parseIndicator } from './indicator.js';
import { summarizeInspection } from './inspection-data.js';
import { checkRaidConfig } from './raid-plan.js';
import { RedfishClient } from './redfish-client.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { resolveRedfishOptions } from './redfish-options.js';
import { parsePowerState } from './system-reset.js';
import { taskVerdict } from './task-monitor.js';
import { STANDARD_QUIRKS, quirksFor } from './vendor-quirks.js';
import { aRedfishNode, instantClock } from './testing/redfish-test-kit.js';
import { ScriptedBmc } from './testing/scripted-bmc.js';

const FIXTURES = new URL('../../test/fixtures/redfish/', import.meta.url);
const seeds: JsonObject[] = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as JsonObject);

/** mulberry32: the same documents on every run, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(3);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const NASTY: readonly JsonValue[] = [
  null, true, false, 0, -1, 1e308, -0.5, '', 'On', 'Off', 'W/"x"', '[]', '../../etc', 'x'.repeat(300), [], {}, [null], { '@odata.id': 42 },
  { '@odata.id': 'https://elsewhere.example/x' }, ['Once', 7], { MessageId: 7, MessageArgs: '[]' },
];

/** A copy of `value` with a few random changes: values replaced, keys dropped, types swapped, nesting added. */
function mutate(value: JsonValue, depth = 0): JsonValue {
  if (random() < 0.08) return pick(NASTY);
  if (Array.isArray(value)) return value.filter(() => random() > 0.1).map((v) => mutate(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (random() < 0.07) continue;
      out[key] = mutate(v, depth + 1);
    }
    if (random() < 0.05 && depth < 4) out[pick(['Boot', 'Actions', 'Attributes', 'TaskState', 'Members', 'PowerState', 'error'])] = pick(NASTY);
    return out;
  }
  return value;
}

function asObject(value: JsonValue): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value };
}

/** Runs every parser over one document; only our typed errors may escape. */
function parseAll(doc: JsonObject): void {
  const resource = { path: '/redfish/v1/Systems/1', body: doc, etag: undefined, allow: undefined };
  const tryTyped = (f: () => unknown): void => {
    try {
      f();
    } catch (error) {
      if (!(error instanceof BaremetalError)) throw error;
    }
  };
  parsePowerState(doc); parseBootDevice(doc); parseBootMode(doc); parseSupportedBootDevices(doc); parseIndicator(doc);
  parseBiosSettings(doc); quirksFor(doc); describeMessages(decodeExtendedInfo(doc)); findAction(resource, '#ComputerSystem.Reset');
  actionInfoValues(doc, 'ResetType');
  firmwareComponents(doc, doc, [{ path: '/x', body: doc }]);
  summarizeInspection({ system: doc, processors: [doc], memory: [doc], drives: [doc], volumes: [doc], simpleStorage: [doc], nics: [doc] }, undefined);
  tryTyped(() => taskVerdict({ status: pick([200, 202, 204]), headers: {}, body: doc }, 'http://bmc', 'fuzz'));
  tryTyped(() => requestedAttributes('node', doc['settings'] ?? [doc], doc));
  tryTyped(() => checkRaidConfig('node', doc));
  tryTyped(() => bootPatch(asObject(doc['Boot'] ?? doc), { target: 'Pxe', enabled: 'Once', mode: 'UEFI' }, pick([STANDARD_QUIRKS, quirksFor({ Manufacturer: 'AMI' })]), 'http://bmc'));
}

describe('Redfish response parsers under a bounded fuzz (5,000 mutated mockup documents)', () => {
  it('never crash: they return values or throw our typed errors', () => {
    expect(seeds.length).toBeGreaterThan(10);
    for (let i = 0; i < 5_000; i += 1) parseAll(asObject(mutate(pick(seeds))));
  });
});

describe('the client boundary under fuzzed bodies', () => {
  let bmc: ScriptedBmc;
  let client: RedfishClient;
  beforeAll(async () => {
    bmc = await ScriptedBmc.start({});
    client = new RedfishClient(parseRedfishDriverInfo(aRedfishNode({ redfish_address: bmc.origin })), resolveRedfishOptions({ clock: instantClock(), busyAttempts: 2, transportAttempts: 1 }));
  });
  afterAll(async () => {
    await client.close();
    await bmc.close();
  });

  it('turns 300 truncated, mutated or non-JSON answers into values or DriverOperationErrors', async () => {
    for (let i = 0; i < 300; i += 1) {
      const text = JSON.stringify(mutate(pick(seeds)));
      const body = random() < 0.3 ? text.slice(0, Math.floor(random() * text.length)) : random() < 0.1 ? pick(['null', '[]', '"x"', '<html>', '\u0000']) : text;
      bmc.script('GET', '/redfish/v1/Fuzz', { status: pick([200, 200, 200, 400, 404, 500, 503]), body });
      const outcome = await client.get('/redfish/v1/Fuzz', { signal: AbortSignal.timeout(5_000), log: silentLogger }).then(
        (resource) => typeof resource.body === 'object',
        (error: unknown) => error instanceof BaremetalError,
      );
      expect(outcome).toBe(true);
    }
  });
});
