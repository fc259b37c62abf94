import { isoTimestamp, newNode, silentLogger, type NodeRecord } from '../../core/index.js';
import { createDriverRegistry, type DriverRegistryConfig } from '../../drivers/index.js';
import { createFakeImplementations, type FakeDelays, type FakeMachines } from '../../drivers/fake/index.js';
import { createNoopImplementations } from '../../drivers/noop/index.js';
import { createInMemoryStore } from '../../conductor/persistence/index.js';
import {
  DEFAULT_LIMITS, DEFAULT_TIMEOUTS, createNodeActions, createTaskTracker, type Caller, type ConductorDeps, type NodeActions,
} from '../../conductor/workers/index.js';
import { ManualClock } from './manual-clock.js';

/** A conductor over an in-memory store, fake drivers and a manual clock. */
export interface ConductorHarness {
  deps: ConductorDeps;
  actions: NodeActions;
  clock: ManualClock;
  machines: FakeMachines;
  /** Creates a node (fake-hardware by default) with interfaces resolved, in `enroll` unless given. */
  addNode(fields?: Partial<NodeRecord>): Promise<NodeRecord>;
  node(ident: string): Promise<NodeRecord>;
  /** Waits for background work to finish. */
  settle(): Promise<void>;
}

/** Caller at the newest microversion. */
export const ADMIN: Caller = { apiMinor: 95, user: 'admin' };

/** Builds a harness; `overrides` replaces parts of the deps. */
export function createConductorHarness(options: { delays?: FakeDelays; overrides?: Partial<ConductorDeps>; registry?: DriverRegistryConfig } = {}): ConductorHarness {
  const clock = new ManualClock();
  const fake = createFakeImplementations({ clock, ...options.delays });
  const drivers = createDriverRegistry(options.registry ?? {}, [createNoopImplementations(), fake.implementations]);
  const deps: ConductorDeps = {
    store: createInMemoryStore({ clock }), drivers, clock, log: silentLogger, hostname: 'conductor-a', conductorGroup: '',
    timeouts: { ...DEFAULT_TIMEOUTS }, limits: { ...DEFAULT_LIMITS }, provisioning: { automatedClean: true },
    tasks: createTaskTracker(silentLogger), ...options.overrides,
  };
  const actions = createNodeActions(deps);
  let counter = 0;
  return {
    deps, actions, clock, machines: fake.machines,
    async addNode(fields = {}) {
      counter += 1;
      const uuid = fields.uuid ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
      const base = newNode({ uuid, driver: 'fake-hardware', provision_state: 'enroll', created_at: isoTimestamp(clock.now()), ...fields });
      return deps.store.nodes.create(actions.prepareNewNode(base));
    },
    async node(ident) {
      const found = await deps.store.nodes.get(ident);
      if (!found) throw new Error(`no node ${ident}`);
      return found;
    },
    settle: () => deps.tasks.idle(),
  };
}
