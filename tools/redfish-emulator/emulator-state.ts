import type { JsonObject } from './json-object.js';
import type { MachineBackend } from './machine-backend.js';
import type { ResourceStore } from './resource-store.js';
import type { BusyStyle, VendorSwitches } from './vendor-switches.js';

/** One thing that happened to the emulated hardware, for tests and the CLI log. */
export interface EmulatorEvent {
  readonly atMs: number;
  /** `power-on`, `power-off`, `boot`, `nmi`, `settings-applied`, `bios-reset`, `task-completed`, `media-inserted`… */
  readonly kind: string;
  /** The URI the event is about (usually a ComputerSystem). */
  readonly target: string;
  readonly detail?: string;
}

/** An X-Auth-Token session (Session schema; DSP0266 §13.3.4). */
export interface SessionRecord {
  readonly id: string;
  readonly token: string;
  readonly userName: string;
  readonly path: string;
}

/** Work deferred to the next reset of a system (`@Redfish.OperationApplyTime: OnReset`). */
export interface PendingOperation {
  /** The system whose reset runs it; undefined runs on any system's reset. */
  readonly systemPath: string | undefined;
  readonly run: () => void;
}

/** Bookkeeping that is not part of any resource body. */
export interface EmulatorRuntime {
  readonly timers: Set<NodeJS.Timeout>;
  /** BIOS URI -> the attributes a Bios.ResetBios restores (the registry defaults, else the mockup's values). */
  readonly biosDefaults: Map<string, JsonObject>;
  readonly biosResetPending: Set<string>;
  readonly pendingOnReset: PendingOperation[];
  /** Task monitor URI -> Task URI. */
  readonly taskMonitors: Map<string, string>;
  nextId: number;
}

/**
 * Everything one emulator instance knows. Tests read and change it directly: `state.switches.busy.remaining = 3`,
 * `state.getPowerState()`, `state.resource('/redfish/v1/Systems/1')`.
 */
export interface EmulatorState {
  readonly store: ResourceStore;
  readonly switches: VendorSwitches;
  readonly credentials: { readonly username: string; readonly password: string };
  readonly sessions: Map<string, SessionRecord>;
  readonly events: EmulatorEvent[];
  readonly machine: MachineBackend | undefined;
  readonly runtime: EmulatorRuntime;
  /** The ComputerSystem URIs the service root leads to. */
  systems(): string[];
  /** `PowerState` of a system (by Id or URI; the first system when omitted). */
  getPowerState(system?: string): string | undefined;
  /** Sets `PowerState` directly, as if the machine changed by itself (a guest `poweroff`). */
  setPowerState(powerState: string, system?: string): void;
  /** Makes the next `count` requests answer "busy". */
  forceBusy(count: number, style?: BusyStyle): void;
  /** A copy of the resource at a URI, or undefined. */
  resource(path: string): JsonObject | undefined;
}

const MAX_EVENTS = 1000;

/** Records an event, keeping the newest MAX_EVENTS. */
export function recordEvent(state: Pick<EmulatorState, 'events'>, event: Omit<EmulatorEvent, 'atMs'>): void {
  state.events.push({ atMs: Date.now(), ...event });
  if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
}

/** Runs `action` after `delayMs` unless the emulator is closed first; zero runs it at once. */
export function schedule(state: Pick<EmulatorState, 'runtime'>, delayMs: number, action: () => void): void {
  if (delayMs <= 0) {
    action();
    return;
  }
  const timer = setTimeout(() => {
    state.runtime.timers.delete(timer);
    action();
  }, delayMs);
  state.runtime.timers.add(timer);
}

/** A fresh id for sessions, tasks and volumes. */
export function nextId(state: Pick<EmulatorState, 'runtime'>): number {
  state.runtime.nextId += 1;
  return state.runtime.nextId;
}
