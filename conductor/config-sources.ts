import type { TSchema } from 'typebox';
import { ENV_PREFIX, toUpperSnake, type ConfigOption } from './config-schema.js';

// The two outside sources of conductor configuration: a JSON file and FERRO_* environment variables.
// Problems are collected, not thrown, so one start-up reports all of them.

/** One option's value and where it came from, while loading. */
export interface Setting {
  value: unknown;
  /** 'default', the file's path, or the environment variable's name. */
  source: string;
}

/** The JSON file named by `--config <path>`, `--config=<path>` or FERRO_CONFIG, if any. */
export function configFilePath(
  env: Record<string, string | undefined>,
  argv: string[],
  problems: string[],
): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) return next;
      problems.push('--config needs a path to a JSON file');
      return undefined;
    }
  }
  const fromEnv = env[`${ENV_PREFIX}_CONFIG`];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** Copies the file's options into `settings`; unknown options and unreadable files become problems. */
export function applyFile(
  file: string,
  readFile: (path: string) => string,
  options: ConfigOption[],
  settings: Map<string, Setting>,
  problems: string[],
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFile(file));
  } catch (error) {
    problems.push(`cannot use config file ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!isPlainObject(parsed)) {
    problems.push(`config file ${file} must hold a JSON object of sections, e.g. {"api": {"port": 6385}}`);
    return;
  }
  const byPath = new Map(options.map((o) => [o.path, o]));
  const sections = new Set(options.flatMap((o) => (o.section === undefined ? [] : [o.section])));
  for (const [key, value] of Object.entries(parsed)) {
    if (sections.has(key)) {
      if (!isPlainObject(value)) {
        problems.push(`${key} in ${file} must be an object of options`);
        continue;
      }
      for (const [sub, subValue] of Object.entries(value)) setFromFile(`${key}.${sub}`, subValue);
    } else setFromFile(key, value);
  }

  function setFromFile(path: string, value: unknown): void {
    if (byPath.has(path)) settings.set(path, { value, source: file });
    else problems.push(`unknown option ${path} in ${file}; known options: ${knownNear(path, options)}`);
  }
}

/** Copies FERRO_<SECTION>_<KEY> variables into `settings`; unknown names in a known section are problems. */
export function applyEnv(
  env: Record<string, string | undefined>,
  options: ConfigOption[],
  settings: Map<string, Setting>,
  problems: string[],
): void {
  const byVar = new Map(options.map((o) => [o.envVar, o]));
  const sectionPrefixes = [
    ...new Set(options.flatMap((o) => (o.section === undefined ? [] : [`${ENV_PREFIX}_${toUpperSnake(o.section)}_`]))),
  ];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const option = byVar.get(name);
    if (option !== undefined) settings.set(option.path, { value: fromEnvString(option.schema, raw), source: name });
    else if (sectionPrefixes.some((p) => name.startsWith(p))) {
      const prefix = sectionPrefixes.find((p) => name.startsWith(p)) ?? '';
      const known = options.filter((o) => o.envVar.startsWith(prefix)).map((o) => o.envVar);
      problems.push(`unknown environment variable ${name}; known in this section: ${known.join(', ')}`);
    }
  }
}

/** Environment values are strings; turn them into the option's type, or leave them for validation to reject. */
function fromEnvString(schema: TSchema, raw: string): unknown {
  const type = (schema as { type?: unknown }).type;
  const trimmed = raw.trim();
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : raw;
  if (type === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(trimmed)) return true;
    if (/^(false|0|no|off)$/i.test(trimmed)) return false;
    return raw;
  }
  if (type === 'array') {
    if (trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed);
      } catch {
        return raw;
      }
    }
    return trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim());
  }
  return raw;
}

function knownNear(path: string, options: ConfigOption[]): string {
  const section = path.includes('.') ? path.split('.')[0] : undefined;
  const near = options.filter((o) => o.section === section);
  return (near.length > 0 ? near : options).map((o) => o.path).join(', ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
