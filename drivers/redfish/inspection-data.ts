import { parseMacAddress, type JsonObject } from '../../core/index.js';
import type { DiscoveredPort } from '../interfaces/index.js';
import { parseBootMode } from './boot-devices.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt } from './json-fields.js';

/** The Redfish documents out-of-band inspection reads, already fetched. */
export interface InspectionDocuments {
  system: JsonObject;
  processors: JsonObject[];
  memory: JsonObject[];
  /** Storage Drives (Drive.v1) and Volumes (Volume.v1), and SimpleStorage resources (their `Devices`). */
  drives: JsonObject[];
  volumes: JsonObject[];
  simpleStorage: JsonObject[];
  nics: JsonObject[];
}

/** What inspection reports: node properties, the ports to create, and an IPA-shaped inventory. */
export interface InspectionSummary {
  properties: JsonObject;
  ports: DiscoveredPort[];
  inventory: JsonObject;
}

const GIB = 1024 ** 3;

/**
 * ProcessorArchitecture/InstructionSet (Processor.v1) -> the cpu_arch words Ironic uses. InstructionSet is more
 * precise (x86 vs x86-64), so it wins.
 */
const ARCH_BY_INSTRUCTION_SET: Readonly<Record<string, string>> = {
  'x86-64': 'x86_64', x86: 'i686', 'ARM-A64': 'aarch64', 'ARM-A32': 'armhf', PowerISA: 'ppc64le', 'RV64': 'riscv64', MIPS64: 'mips64', IA64: 'ia64',
};
const ARCH_BY_ARCHITECTURE: Readonly<Record<string, string>> = {
  x86: 'x86_64', ARM: 'aarch64', Power: 'ppc64le', 'RISC-V': 'riscv64', MIPS: 'mips64', IA64: 'ia64',
};

/**
 * Last resort when no Processor resource names its architecture (bmclib's Dell and Supermicro captures only have
 * ProcessorSummary.Model): well-known model names. Checked in order.
 */
const ARCH_BY_MODEL: readonly (readonly [RegExp, string])[] = [
  [/\b(intel|xeon|amd|epyc|opteron|ryzen)\b/i, 'x86_64'],
  [/\b(ampere|altra|thunderx|graviton|neoverse|kunpeng|grace)\b/i, 'aarch64'],
  [/\bpower\s?(8|9|10)\b/i, 'ppc64le'],
];

/** Builds properties (cpus, memory_mb, local_gb, cpu_arch, capabilities), ports and inventory; never throws. */
export function summarizeInspection(docs: InspectionDocuments, capabilities: string | undefined): InspectionSummary {
  const cpus = countCpus(docs);
  const cpuArch = detectArch(docs.processors) ?? archFromModel(docs);
  const memoryMb = memoryMib(docs);
  const localGb = localGigabytes(docs);
  const bootMode = parseBootMode(docs.system);
  const properties: JsonObject = { cpus, memory_mb: memoryMb, local_gb: localGb };
  if (cpuArch !== undefined) properties['cpu_arch'] = cpuArch;
  const caps = bootMode !== null ? withCapability(capabilities, 'boot_mode', bootMode) : capabilities;
  if (caps !== undefined && caps !== '') properties['capabilities'] = caps;
  const interfaces = nicInventory(docs.nics);
  const inventory: JsonObject = {
    cpu: { count: cpus, architecture: cpuArch ?? '', model_name: stringAt(objectAt(docs.system, 'ProcessorSummary'), 'Model') ?? null },
    memory: { physical_mb: memoryMb },
    disks: diskInventory(docs),
    interfaces,
    system_vendor: {
      manufacturer: stringAt(docs.system, 'Manufacturer') ?? null, product_name: stringAt(docs.system, 'Model') ?? null,
      serial_number: stringAt(docs.system, 'SerialNumber') ?? null,
    },
    ...(bootMode !== null ? { boot: { current_boot_mode: bootMode } } : {}),
  };
  const ports = interfaces.map((i) => ({ address: String(i['mac_address']) }));
  return { properties, ports, inventory };
}

function isPresent(resource: JsonObject): boolean {
  return stringAt(objectAt(resource, 'Status'), 'State') !== 'Absent';
}

function sum(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined && v >= 0);
  return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
}

/** Logical CPUs: the processors' TotalThreads (sushy's summary), else the System's ProcessorSummary. */
function countCpus(docs: InspectionDocuments): number {
  const present = docs.processors.filter(isPresent).filter((p) => stringAt(p, 'ProcessorType') === undefined || stringAt(p, 'ProcessorType') === 'CPU');
  const summary = objectAt(docs.system, 'ProcessorSummary');
  const value = sum(present.map((p) => numberAt(p, 'TotalThreads'))) ?? numberAt(summary, 'LogicalProcessorCount')
    ?? sum(present.map((p) => numberAt(p, 'TotalCores'))) ?? numberAt(summary, 'Count') ?? 0;
  return Math.max(0, Math.floor(value));
}

function detectArch(processors: JsonObject[]): string | undefined {
  for (const p of processors.filter(isPresent)) {
    const set = stringAt(p, 'InstructionSet');
    const arch = stringAt(p, 'ProcessorArchitecture');
    const found = (set !== undefined ? ARCH_BY_INSTRUCTION_SET[set] : undefined) ?? (arch !== undefined ? ARCH_BY_ARCHITECTURE[arch] : undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}

function archFromModel(docs: InspectionDocuments): string | undefined {
  const models = [stringAt(objectAt(docs.system, 'ProcessorSummary'), 'Model'), ...docs.processors.map((p) => stringAt(p, 'Model'))];
  for (const model of models) {
    const found = ARCH_BY_MODEL.find(([pattern]) => model !== undefined && pattern.test(model));
    if (found) return found[1];
  }
  return undefined;
}

/** MemorySummary.TotalSystemMemoryGiB, else the sum of the DIMMs' CapacityMiB (Memory.v1). */
function memoryMib(docs: InspectionDocuments): number {
  const gib = numberAt(objectAt(docs.system, 'MemorySummary'), 'TotalSystemMemoryGiB');
  if (gib !== undefined && gib > 0) return Math.round(gib * 1024);
  return Math.max(0, Math.round(sum(docs.memory.filter(isPresent).map((m) => numberAt(m, 'CapacityMiB'))) ?? 0));
}

function smallestUsable(sizes: (number | undefined)[]): number {
  const usable = sizes.filter((s): s is number => s !== undefined && s >= 4 * GIB).sort((a, b) => a - b);
  return usable[0] ?? 0;
}

/**
 * Ironic redfish inspect `_detect_local_gb`: the smallest disk of at least 4 GiB, from Volumes (else Drives) and
 * SimpleStorage, the smaller of the two when both exist, minus 1 GiB for partitioning.
 */
function localGigabytes(docs: InspectionDocuments): number {
  const simple = smallestUsable(simpleDevices(docs.simpleStorage).map((d) => numberAt(d, 'CapacityBytes')));
  const volumes = smallestUsable(docs.volumes.map((v) => numberAt(v, 'CapacityBytes')));
  const storage = volumes || smallestUsable(docs.drives.filter(isPresent).map((d) => numberAt(d, 'CapacityBytes')));
  const bytes = simple && storage ? Math.min(simple, storage) : Math.max(simple, storage);
  return Math.max(0, Math.floor(bytes / GIB - 1));
}

function simpleDevices(simpleStorage: JsonObject[]): JsonObject[] {
  return simpleStorage.flatMap((s) => (arrayAt(s, 'Devices') ?? []).filter(isObject));
}

function diskInventory(docs: InspectionDocuments): JsonObject[] {
  const drives = docs.drives.length ? docs.drives : simpleDevices(docs.simpleStorage);
  return drives.filter(isPresent).map((d) => ({ name: stringAt(d, 'Name') ?? stringAt(d, 'Id') ?? '', size: numberAt(d, 'CapacityBytes') ?? 0 }));
}

/** NICs with a usable MAC (MACAddress, else PermanentMACAddress); zero and broadcast MACs are placeholders. */
function nicInventory(nics: JsonObject[]): JsonObject[] {
  const seen = new Set<string>();
  const out: JsonObject[] = [];
  for (const nic of nics) {
    const mac = parseMacAddress(stringAt(nic, 'MACAddress')) ?? parseMacAddress(stringAt(nic, 'PermanentMACAddress'));
    if (mac === undefined || mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff' || seen.has(mac)) continue;
    seen.add(mac);
    const speed = numberAt(nic, 'SpeedMbps');
    out.push({ mac_address: mac, name: stringAt(nic, 'Id') ?? stringAt(nic, 'Name') ?? mac, ...(speed !== undefined ? { speed_mbps: speed } : {}) });
  }
  return out;
}

/** Sets `key:value` in an Ironic capabilities string ("k1:v1,k2:v2") unless the operator already set the key. */
export function withCapability(capabilities: string | undefined, key: string, value: string): string {
  const pairs = (capabilities ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (pairs.some((p) => p.split(':')[0] === key)) return pairs.join(',');
  return [...pairs, `${key}:${value}`].join(',');
}
