import type { AgentStep, JsonObject, Logger } from '../../core/index.js';
import { createFirmwareUpdateStep } from './firmware-update-step.js';
import {
  HardwareSupport,
  type FirmwareComponentInfo,
  type HardwareManager,
  type ManagerContext,
  type ManagerStep,
} from './hardware-manager.js';

/** The three step lists the conductor asks for. */
export type StepKind = 'clean' | 'deploy' | 'service';

/** A manager that reported support, with its level. */
export interface RankedManager {
  readonly manager: HardwareManager;
  readonly support: HardwareSupport;
}

/** A step with the manager that will run it. */
export interface OwnedStep {
  readonly owner: RankedManager;
  readonly step: ManagerStep;
}

/**
 * Asks hardware managers in IPA's order (hardware.py dispatch_to_managers): most specific support first,
 * registration order between equals; managers reporting None are never asked.
 */
export interface Dispatcher {
  readonly managers: readonly RankedManager[];
  /** `{manager name: version}`: IPA's hardware_manager_version, checked against clean_version. */
  versions(): Record<string, string>;
  /** Steps per manager after IPA's de-duplication (deduplicate_steps). */
  getSteps(kind: StepKind, ctx: ManagerContext): Promise<Record<string, AgentStep[]>>;
  /** The step that wins `name` among all managers' steps of `kind`, or undefined. */
  findStep(kind: StepKind, name: string, ctx: ManagerContext): Promise<ManagerStep | undefined>;
  /** The first manager implementing `method`, or undefined. */
  first<M extends keyof HardwareManager>(method: M): HardwareManager | undefined;
  /** Every component of every manager that lists firmware. */
  listFirmwareComponents(): Promise<FirmwareComponentInfo[]>;
}

/** Evaluates every manager's support once (IPA caches it too) and builds the dispatcher. */
export async function createDispatcher(managers: readonly HardwareManager[], log: Logger): Promise<Dispatcher> {
  const ranked: RankedManager[] = [];
  for (const manager of managers) {
    let support: HardwareSupport = HardwareSupport.None;
    try {
      support = await manager.evaluateHardwareSupport();
    } catch (error) {
      // IPA drops a manager whose evaluation raises; one broken plugin must not stop the agent.
      log.warn(
        { manager: manager.name, error: error instanceof Error ? error.message : String(error) },
        'hardware manager evaluation failed; not used',
      );
    }
    log.info({ manager: manager.name, version: manager.version, support }, 'hardware manager evaluated');
    if (support > HardwareSupport.None) ranked.push({ manager, support });
  }
  ranked.sort((a, b) => b.support - a.support); // stable: registration order between equals

  async function candidates(kind: StepKind, ctx: ManagerContext): Promise<OwnedStep[]> {
    const all: OwnedStep[] = [];
    for (const owner of ranked) {
      const steps = (await stepsOf(owner.manager, kind, ctx)) ?? [];
      all.push(...steps.map((step) => ({ owner, step })));
      const update = owner.manager.updateFirmware === undefined ? undefined : firmwareStep(owner.manager, steps);
      if (update !== undefined) all.push({ owner, step: update });
    }
    return deduplicateSteps(all);
  }

  function firmwareStep(manager: HardwareManager, own: readonly ManagerStep[]): ManagerStep | undefined {
    if (own.some((s) => s.step === 'update' && s.interface === 'firmware')) return undefined;
    return createFirmwareUpdateStep({ managers: ranked.map((r) => r.manager), fallback: manager });
  }

  return {
    managers: ranked,
    versions: () => Object.fromEntries(ranked.map((r) => [r.manager.name, r.manager.version])),
    async getSteps(kind, ctx) {
      const result: Record<string, AgentStep[]> = {};
      for (const { owner, step } of await candidates(kind, ctx))
        (result[owner.manager.name] ??= []).push(toAgentStep(step));
      return result;
    },
    async findStep(kind, name, ctx) {
      return (await candidates(kind, ctx)).find((c) => c.step.step === name)?.step;
    },
    first: (method) => ranked.find((r) => typeof r.manager[method] === 'function')?.manager,
    async listFirmwareComponents() {
      const components: FirmwareComponentInfo[] = [];
      for (const { manager } of ranked)
        if (manager.listFirmwareComponents) components.push(...(await manager.listFirmwareComponents()));
      return components;
    },
  };
}

function stepsOf(manager: HardwareManager, kind: StepKind, ctx: ManagerContext): Promise<ManagerStep[]> | undefined {
  switch (kind) {
    case 'clean':
      return manager.getCleanSteps?.(ctx);
    case 'deploy':
      return manager.getDeploySteps?.(ctx);
    case 'service':
      return manager.getServiceSteps?.(ctx);
  }
}

/**
 * Keeps one step per name (IPA deduplicate_steps): the manager with the highest support wins, then the
 * higher step priority, then the manager whose name sorts first. Order of the survivors is preserved.
 */
export function deduplicateSteps(candidates: readonly OwnedStep[]): OwnedStep[] {
  const winners = new Map<string, OwnedStep>();
  for (const candidate of candidates) {
    const current = winners.get(candidate.step.step);
    if (current === undefined || beats(candidate, current)) winners.set(candidate.step.step, candidate);
  }
  return candidates.filter((c) => winners.get(c.step.step) === c);
}

function beats(a: OwnedStep, b: OwnedStep): boolean {
  if (a.owner.support !== b.owner.support) return a.owner.support > b.owner.support;
  if (a.step.priority !== b.step.priority) return a.step.priority > b.step.priority;
  return a.owner.manager.name < b.owner.manager.name;
}

/** The wire form of a step: everything but the implementation. */
export function toAgentStep(step: ManagerStep): AgentStep {
  const wire: AgentStep & { run?: unknown } = { ...step };
  delete wire.run;
  return wire;
}

/** Root device hints of a node: instance_info.root_device wins over properties.root_device (Ironic). */
export function rootDeviceHints(node: JsonObject): JsonObject | undefined {
  for (const field of ['instance_info', 'properties']) {
    const holder = node[field];
    if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) continue;
    const hints = holder['root_device'];
    if (typeof hints === 'object' && hints !== null && !Array.isArray(hints) && Object.keys(hints).length > 0)
      return hints;
  }
  return undefined;
}
