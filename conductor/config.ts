// The conductor's configuration (STYLE §7): defaults < JSON file (`--config <path>` or FERRO_CONFIG) <
// environment (`FERRO_<SECTION>_<KEY>`, e.g. FERRO_API_PORT). Validated once at start-up, then frozen.
// The schema is in config-schema.ts; docs/config.md is generated from it.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname as machineHostname } from 'node:os';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import {
  ConductorConfigSchema,
  describeExpected,
  listConfigOptions,
  type ConductorConfigData,
  type ConfigOption,
} from './config-schema.js';
import { applyEnv, applyFile, configFilePath, type Setting } from './config-sources.js';
import { parseDhcpSubnets } from './boot/dhcp/index.js';

export {
  ConductorConfigSchema,
  describeExpected,
  ENV_PREFIX,
  listConfigOptions,
  toUpperSnake,
  type ConfigOption,
} from './config-schema.js';

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The validated, frozen conductor configuration. Pass slices of it to the parts that need them. */
export type ConductorConfig = DeepReadonly<ConductorConfigData>;

/** A configuration that cannot be used; `problems` names each option, its value and what is expected. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid conductor configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee docs/config.md.`);
    this.name = 'ConfigError';
  }
}

/** Where a database URL points. */
export type DatabaseLocation =
  { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string } | { kind: 'memory' };

/** Parses `database.url`: `sqlite://<path>` (`sqlite:///abs/path` for absolute), `postgres://…`, `memory://`. */
export function parseDatabaseUrl(url: string): DatabaseLocation | undefined {
  if (url.startsWith('sqlite://') && url.length > 'sqlite://'.length) return { kind: 'sqlite', path: url.slice(9) };
  if (/^postgres(ql)?:\/\/.+/.test(url)) return { kind: 'postgres', url };
  if (url === 'memory://') return { kind: 'memory' };
  return undefined;
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.');
}

/**
 * Builds the configuration from `env` (main.ts passes process.env) and `argv` (process.argv.slice(2));
 * throws ConfigError listing every bad option. `readFile` reads the JSON file (tests pass a fake).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  argv: string[],
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ConductorConfig {
  const options = listConfigOptions();
  const settings = new Map<string, Setting>(
    options.map((o) => [o.path, { value: structuredClone(o.schema.default), source: 'default' }]),
  );
  const problems: string[] = [];
  const file = configFilePath(env, argv, problems);
  if (file !== undefined) applyFile(file, readFile, options, settings, problems);
  applyEnv(env, options, settings, problems);
  resolveComputedDefaults(settings);
  for (const option of options) {
    const setting = settings.get(option.path);
    if (setting !== undefined && !Value.Check(option.schema, setting.value))
      problems.push(describeProblem(option, setting));
  }
  if (problems.length === 0) problems.push(...crossCheck(settings));
  if (problems.length > 0) throw new ConfigError(problems);
  const config: Record<string, unknown> = {};
  for (const option of options) {
    const value = settings.get(option.path)?.value;
    if (option.section === undefined) config[option.key] = value;
    else ((config[option.section] ??= {}) as Record<string, unknown>)[option.key] = value;
  }
  if (!Value.Check(ConductorConfigSchema, config))
    throw new ConfigError(['the merged configuration does not match the schema']);
  return deepFreeze(config);
}

/** Options whose default depends on other options or on the machine; an empty string means "compute". */
function resolveComputedDefaults(settings: Map<string, Setting>): void {
  const url = settings.get('database.url');
  const dataDir = settings.get('dataDir')?.value;
  if (url?.value === '' && typeof dataDir === 'string') url.value = `sqlite://${join(dataDir, 'ferro.db')}`;
  const hostname = settings.get('conductor.hostname');
  if (hostname?.value === '') hostname.value = machineHostname();
}

function crossCheck(settings: Map<string, Setting>): string[] {
  const get = (path: string): unknown => settings.get(path)?.value;
  const problems: string[] = [];
  const strategy = get('api.authStrategy');
  const host = String(get('api.host'));
  if (strategy === 'http_basic' && get('api.htpasswdPath') === '') {
    problems.push(
      'api.htpasswdPath is empty but api.authStrategy is "http_basic": set it to an htpasswd file (FERRO_API_HTPASSWD_PATH)',
    );
  }
  if (strategy === 'noauth' && !isLoopbackHost(host) && get('api.allowInsecureNoauth') !== true) {
    problems.push(
      `api.authStrategy is "noauth" but api.host ${JSON.stringify(host)} is not a loopback address: anyone who reaches ` +
        'the port could power off, deploy or delete every node. Set api.authStrategy to "http_basic" with ' +
        'api.htpasswdPath, or set api.allowInsecureNoauth to true if an authenticating proxy guards the port',
    );
  }
  const url = String(get('database.url'));
  if (parseDatabaseUrl(url) === undefined) {
    problems.push(
      `database.url = ${JSON.stringify(maskUrl(url))} (from ${settings.get('database.url')?.source ?? 'default'}): expected sqlite://<path>, postgres://user@host:port/db or memory://`,
    );
  }
  const publicUrl = String(get('api.publicUrl'));
  if (publicUrl !== '' && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    problems.push(`api.publicUrl = ${JSON.stringify(publicUrl)}: expected an http:// or https:// URL, or empty`);
  }
  const intervalS = Number(get('conductor.heartbeatIntervalS'));
  const timeoutS = Number(get('conductor.heartbeatTimeoutS'));
  if (timeoutS <= intervalS) {
    problems.push(
      `conductor.heartbeatTimeoutS (${timeoutS}) must be larger than conductor.heartbeatIntervalS (${intervalS}), or live conductors look dead`,
    );
  }
  problems.push(...checkDhcp(get));
  return problems;
}

/** An enabled DHCP server needs interfaces and readable subnets; full mode needs ranges to lease from. */
function checkDhcp(get: (path: string) => unknown): string[] {
  if (get('dhcp.enabled') !== true) return [];
  const problems: string[] = [];
  const interfaces = get('dhcp.interfaces') as string[];
  const subnets = get('dhcp.subnets') as string[];
  const full = get('dhcp.mode') === 'full';
  if (interfaces.length === 0) problems.push('dhcp.enabled is true but dhcp.interfaces is empty: name the interfaces to serve on (FERRO_DHCP_INTERFACES)');
  if (full && subnets.length === 0) problems.push('dhcp.mode is "full" but dhcp.subnets is empty: add at least one subnet with a range (FERRO_DHCP_SUBNETS)');
  problems.push(...parseDhcpSubnets(subnets, full).problems);
  return problems;
}

function describeProblem(option: ConfigOption, setting: Setting): string {
  const shown =
    option.path === 'database.url' && typeof setting.value === 'string' ? maskUrl(setting.value) : setting.value;
  return `${option.path} = ${JSON.stringify(shown)} (from ${setting.source}): expected ${describeExpected(option.schema)}`;
}

function maskUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
