import {
  INTERFACE_NAMES, InterfaceNotFoundInEntrypoint, InvalidParameterValue, NoValidHost,
  type InterfaceField, type InterfaceName, type NodeRecord,
} from '../core/index.js';
import type { Implementations, InterfacePorts, NodeInterfaces } from './interfaces/index.js';
import { CORE_INTERFACES, DEFAULT_ENABLED_HARDWARE_TYPES, HARDWARE_TYPES, type HardwareType } from './hardware-types.js';

/** Which hardware types and implementations this conductor runs (Ironic's enabled_* and default_* options). */
export interface DriverRegistryConfig {
  /** Default: fake-hardware, manual-management. */
  enabledHardwareTypes?: readonly string[] | undefined;
  /** Per interface, the implementations enabled (`enabled_power_interfaces`); absent = every one provided. */
  enabledInterfaces?: Partial<Record<InterfaceName, readonly string[]>> | undefined;
  /** Per interface, the default when the hardware type supports it (`default_power_interface`). */
  defaultInterfaces?: Partial<Record<InterfaceName, string>> | undefined;
}

/** A hardware type as this conductor runs it: enabled implementations per interface, default first. */
export interface EnabledHardwareType {
  name: string;
  interfaces: Readonly<Record<InterfaceName, readonly string[]>>;
  properties: Readonly<Record<string, string>>;
}

/** The interface fields a node may carry; null means "use the default". */
export type InterfaceFields = Partial<Record<InterfaceField, string | null>>;

/** Resolves nodes' driver interfaces; built once in main.ts and passed to the conductor in its deps. */
export interface DriverRegistry {
  /** Enabled hardware types, in configuration order. */
  readonly hardwareTypes: readonly EnabledHardwareType[];
  /** The enabled hardware type `name`, or undefined. */
  hardwareType(name: string): EnabledHardwareType | undefined;
  /**
   * Every *_interface field for a node of `driver`: explicit values are checked, null or absent ones get
   * the default. Throws NoValidHost (driver not enabled here), InterfaceNotFoundInEntrypoint (name unknown)
   * or InvalidParameterValue (known but not supported by the hardware type).
   */
  resolveInterfaces(driver: string, fields: InterfaceFields, conductorGroup?: string): Record<InterfaceField, string>;
  /** The implementations a node uses (Ironic's `task.driver`); throws like resolveInterfaces. */
  forNode(node: Pick<NodeRecord, 'driver' | 'conductor_group' | InterfaceField>): NodeInterfaces;
}

/**
 * Builds the registry from configuration and the adapters main.ts constructed. Throws when an enabled
 * hardware type is unknown or has no enabled implementation of a core interface (Ironic refuses to start then).
 */
export function createDriverRegistry(
  config: DriverRegistryConfig,
  provided: readonly Implementations[],
  known: readonly HardwareType[] = HARDWARE_TYPES,
): DriverRegistry {
  const impls = mergeImplementations(provided);
  // Enabled = configured (or, without configuration, every one provided) and actually constructed.
  const enabledNames = (iface: InterfaceName): readonly string[] =>
    (config.enabledInterfaces?.[iface] ?? Object.keys(impls[iface] ?? {})).filter((n) => impls[iface]?.[n] !== undefined);
  const types = (config.enabledHardwareTypes ?? DEFAULT_ENABLED_HARDWARE_TYPES).map((name) => {
    const type = known.find((t) => t.name === name);
    if (!type) throw new Error(`Unknown hardware type "${name}" in enabled hardware types; known: ${known.map((t) => t.name).join(', ')}`);
    return enableType(type, enabledNames, impls, config.defaultInterfaces ?? {});
  });
  const byName = new Map(types.map((t) => [t.name, t]));
  const registry: DriverRegistry = {
    hardwareTypes: types,
    hardwareType: (name) => byName.get(name),
    resolveInterfaces: (driver, fields, group = '') => {
      const type = byName.get(driver);
      if (!type) throw noHostFor(driver, group);
      const out = {} as Record<InterfaceField, string>;
      for (const iface of INTERFACE_NAMES) out[`${iface}_interface`] = pick(type, iface, fields[`${iface}_interface`], enabledNames);
      return out;
    },
    forNode: (node) => {
      const fields = registry.resolveInterfaces(node.driver, node, node.conductor_group);
      const names = {} as Record<InterfaceName, string>;
      const chosen: Partial<Record<InterfaceName, InterfacePorts[InterfaceName]>> = {};
      for (const iface of INTERFACE_NAMES) {
        names[iface] = fields[`${iface}_interface`];
        const impl = impls[iface]?.[names[iface]];
        if (impl === undefined) throw new InterfaceNotFoundInEntrypoint(iface, names[iface], enabledNames(iface));
        chosen[iface] = impl;
      }
      return { ...(chosen as { [I in InterfaceName]: InterfacePorts[I] }), names };
    },
  };
  return registry;
}

/** Ironic's message when no conductor runs a driver (conductor/rpcapi.py get_topic_for). */
function noHostFor(driver: string, group: string): NoValidHost {
  return new NoValidHost(`No conductor service registered which supports driver ${driver} for conductor group "${group}".`);
}

function pick(type: EnabledHardwareType, iface: InterfaceName, requested: string | null | undefined,
  enabledNames: (iface: InterfaceName) => readonly string[]): string {
  const supported = type.interfaces[iface];
  if (requested === null || requested === undefined) {
    const first = supported[0];
    if (first === undefined) throw new InvalidParameterValue(`No enabled ${iface} interface is supported by hardware type ${type.name}.`);
    return first;
  }
  const enabled = enabledNames(iface);
  if (!enabled.includes(requested)) throw new InterfaceNotFoundInEntrypoint(iface, requested, enabled);
  if (!supported.includes(requested)) {
    throw new InvalidParameterValue(`${iface} interface implementation '${requested}' is not supported by hardware type ${type.name}.`);
  }
  return requested;
}

function enableType(type: HardwareType, enabledNames: (iface: InterfaceName) => readonly string[],
  impls: Implementations, defaults: Partial<Record<InterfaceName, string>>): EnabledHardwareType {
  const interfaces = {} as Record<InterfaceName, readonly string[]>;
  for (const iface of INTERFACE_NAMES) {
    const enabled = enabledNames(iface);
    const usable = type.interfaces[iface].filter((n) => enabled.includes(n));
    const preferred = defaults[iface];
    interfaces[iface] = preferred !== undefined && usable.includes(preferred)
      ? [preferred, ...usable.filter((n) => n !== preferred)] : usable;
    if (interfaces[iface].length === 0 && CORE_INTERFACES.includes(iface)) {
      throw new Error(`Hardware type ${type.name} cannot be loaded: no enabled ${iface} interface among ${type.interfaces[iface].join(', ')}`);
    }
  }
  return { name: type.name, interfaces, properties: type.properties };
}

function mergeImplementations(provided: readonly Implementations[]): Implementations {
  const out: Record<string, Record<string, unknown>> = {};
  for (const set of provided) {
    for (const [iface, byName] of Object.entries(set)) out[iface] = { ...out[iface], ...byName };
  }
  return out;
}
