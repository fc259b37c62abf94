import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'vitest';
import { silentLogger, systemClock, type JsonObject, type NodeRecord } from '../../core/index.js';
import type { Implementations } from '../../drivers/interfaces/index.js';
import {
  RedfishClientPool, createRedfishImplementations, parseBootDevice, readSystem, resolveRedfishOptions, slotsFor, virtualMediaSlots,
  type RedfishOptions,
} from '../../drivers/redfish/index.js';
import { aRedfishNode } from '../../drivers/redfish/testing/redfish-test-kit.js';
import { assessMockup, findMockupSets, loadMockup, startRedfishEmulator } from '../../tools/redfish-emulator/index.js';
import { biosContract } from '../contract/bios.contract.js';
import { bootContract } from '../contract/boot.contract.js';
import { refOf } from '../contract/driver-test-context.js';
import { firmwareContract } from '../contract/firmware.contract.js';
import { inspectContract } from '../contract/inspect.contract.js';
import { managementContract } from '../contract/management.contract.js';
import { powerContract } from '../contract/power.contract.js';
import { raidContract } from '../contract/raid.contract.js';
import { probeMockup, type MockupProbe } from './redfish-mockup-probe.js';

// Issue #3: every interface's contract against the Redfish emulator, once per mockup set that forms a usable
// system (DMTF trees, sushy, iDRAC, iLO and bmclib fixtures). The data lives outside the repository.
const MOCKUPS = fileURLToPath(new URL('../../../shared/redfish-mockups', import.meta.url));

/** Real time, short polls: the emulator runs tasks and power changes on its own timers. */
const OPTIONS: RedfishOptions = {
  clock: systemClock, requestTimeoutMs: 10_000, retryDelayMs: 50, powerPollMs: 50, taskPollMs: 100, taskTimeoutMs: 20_000,
  powerWaitMs: 10_000, settingsApplyWaitMs: 5_000,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  impl: Implementations;
  pool: RedfishClientPool;
  node: NodeRecord;
  url: string;
  state: Awaited<ReturnType<typeof startRedfishEmulator>>['state'];
}

/** A fresh emulator for `dir` and Redfish implementations pointed at it, torn down after the test. */
async function rig(dir: string, systemId: string | undefined, fields: Partial<NodeRecord> = {}): Promise<Rig> {
  const emulator = await startRedfishEmulator({ mockupDir: dir, switches: { delaysMs: { task: 200, power: 0 } } });
  const redfish = createRedfishImplementations(OPTIONS);
  const pool = new RedfishClientPool(resolveRedfishOptions(OPTIONS));
  cleanups.push(() => emulator.close(), () => redfish.close(), () => pool.close());
  const info: JsonObject = {
    redfish_address: emulator.url, redfish_username: 'admin', redfish_password: 'password', deploy_iso: 'http://127.0.0.1:9/deploy.iso',
    ...(systemId !== undefined ? { redfish_system_id: systemId } : {}),
  };
  return { impl: redfish.implementations, pool, node: aRedfishNode(info, fields), url: emulator.url, state: emulator.state };
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what} implementation`);
  return value;
}

const sets = existsSync(MOCKUPS)
  ? findMockupSets(MOCKUPS).map((dir) => ({ dir, name: dir.slice(MOCKUPS.length + 1), assessment: assessMockup(loadMockup(dir)) }))
  : [];

if (sets.length === 0) {
  describe('Redfish contracts against the emulator', () => {
    it.skip(`skipped: no mockups at ${MOCKUPS} (they come from the shared data set, see test/fixtures/redfish/README.md)`, () => undefined);
  });
}

for (const set of sets.filter((s) => s.assessment.usable)) {
  const systemId = set.assessment.systems.length > 1 ? set.assessment.systems[0] : undefined;
  const probe: MockupProbe = await probeMockup(() => rig(set.dir, systemId), cleanups);
  describe(`Redfish contracts on mockup ${set.name}`, () => {
    defineSuites(set.dir, systemId, probe);
  });
}

function defineSuites(dir: string, systemId: string | undefined, probe: MockupProbe): void {
  const skip = (suite: string, why: string) => it.skip(`${suite}: not run, ${why}`, () => undefined);
  powerContract('redfish power', async () => {
    const { impl, node } = await rig(dir, systemId);
    return { power: must(impl.power?.['redfish'], 'power'), node: refOf(node) };
  });
  if (probe.bootOverride) {
    managementContract('redfish management', async () => {
      const { impl, node } = await rig(dir, systemId);
      return { management: must(impl.management?.['redfish'], 'management'), node: refOf(node) };
    });
  } else skip('management', probe.bootWhyNot);
  if (probe.inspectWhyNot === undefined) {
    inspectContract('redfish inspect', async () => {
      const { impl, node } = await rig(dir, systemId);
      return { inspect: must(impl.inspect?.['redfish'], 'inspect'), node: refOf(node) };
    });
  } else skip('inspect', probe.inspectWhyNot);
  const change = probe.biosChange;
  if (change) {
    biosContract('redfish bios', async () => {
      const { impl, node } = await rig(dir, systemId);
      return { bios: must(impl.bios?.['redfish'], 'bios'), node, change, power: must(impl.power?.['redfish'], 'power') };
    });
  } else skip('bios', probe.biosWhyNot);
  const raidConfig = probe.raidConfig;
  if (raidConfig) {
    raidContract('redfish raid', async () => {
      const { impl, node } = await rig(dir, systemId, { target_raid_config: raidConfig });
      return { raid: must(impl.raid?.['redfish'], 'raid'), node, power: must(impl.power?.['redfish'], 'power') };
    });
  } else skip('raid', probe.raidWhyNot);
  const update = probe.firmwareUpdate;
  if (update) {
    firmwareContract('redfish firmware', async () => {
      const { impl, node } = await rig(dir, systemId);
      return { firmware: must(impl.firmware?.['redfish'], 'firmware'), node, update, power: must(impl.power?.['redfish'], 'power') };
    });
  } else skip('firmware', probe.firmwareWhyNot);
  if (probe.virtualMedia) {
    bootContract('redfish-virtual-media boot', async () => {
      const r = await rig(dir, systemId);
      const booted = async (): Promise<'ramdisk' | 'instance' | 'nothing'> => {
        const ctx = { log: silentLogger, signal: AbortSignal.timeout(10_000) };
        const handle = await readSystem(r.pool, refOf(r.node), ctx);
        const inserted = slotsFor(await virtualMediaSlots(handle.client, handle.system, ctx), 'cd').some((s) => s.body['Inserted'] === true);
        const device = parseBootDevice(handle.system.body).boot_device;
        return inserted && device === 'cdrom' ? 'ramdisk' : !inserted && device === 'disk' ? 'instance' : 'nothing';
      };
      return { boot: must(r.impl.boot?.['redfish-virtual-media'], 'boot'), node: r.node, booted };
    });
  } else skip('redfish-virtual-media boot', 'no virtual CD slot offers InsertMedia (or PATCH)');
}
