import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  isLoopbackHost,
  listConfigOptions,
  loadConfig,
  parseDatabaseUrl,
  toUpperSnake,
} from './config.js';

/** Runs loadConfig and returns the problems it reported (empty when it accepted the input). */
function problemsOf(
  env: Record<string, string>,
  argv: string[] = [],
  files: Record<string, string> = {},
): readonly string[] {
  try {
    loadConfig(env, argv, (path) => fileReader(files)(path));
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function fileReader(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

describe('loadConfig defaults', () => {
  const config = loadConfig({}, []);

  it('starts a loopback, unauthenticated API on Ironic port 6385', () => {
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 6385, authStrategy: 'noauth', debug: false });
  });

  it('keeps the SQLite database under the data dir', () => {
    expect(config.dataDir).toBe('./.ferro');
    expect(config.database.url).toBe('sqlite://.ferro/ferro.db');
    expect(config.database.synchronous).toBe('normal');
  });

  it("names the conductor after the machine's hostname", () => {
    expect(config.conductor.hostname).toBe(hostname());
  });

  it('enables the fake and manual hardware types and Ironic-like timers', () => {
    expect(config.conductor.enabledHardwareTypes).toEqual(['fake-hardware', 'manual-management', 'ipmi', 'redfish']);
    expect(config.conductor).toMatchObject({
      heartbeatIntervalS: 10,
      heartbeatTimeoutS: 60,
      deployCallbackTimeoutS: 1800,
    });
    expect(config.fake.powerDelayMs).toBe(0);
    expect(config.log.level).toBe('info');
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.api)).toBe(true);
    expect(Object.isFrozen(config.conductor.enabledHardwareTypes)).toBe(true);
  });
});

describe('loadConfig sources', () => {
  const files = {
    '/etc/ferro.json': JSON.stringify({
      dataDir: '/var/lib/ferro',
      api: { port: 7000, maxLimit: 50 },
      log: { level: 'debug' },
    }),
  };

  it('reads the JSON file named by --config', () => {
    const config = loadConfig({}, ['--config', '/etc/ferro.json'], fileReader(files));
    expect(config.api.port).toBe(7000);
    expect(config.log.level).toBe('debug');
    expect(config.database.url).toBe('sqlite:///var/lib/ferro/ferro.db');
  });

  it('accepts --config=path and FERRO_CONFIG', () => {
    expect(loadConfig({}, ['--config=/etc/ferro.json'], fileReader(files)).api.port).toBe(7000);
    expect(loadConfig({ FERRO_CONFIG: '/etc/ferro.json' }, [], fileReader(files)).api.port).toBe(7000);
  });

  it('lets the environment override the file, and the file override defaults', () => {
    const config = loadConfig({ FERRO_API_PORT: '7100' }, ['--config', '/etc/ferro.json'], fileReader(files));
    expect(config.api.port).toBe(7100);
    expect(config.api.maxLimit).toBe(50);
    expect(config.api.host).toBe('127.0.0.1');
  });

  it('converts environment strings to numbers, booleans and lists', () => {
    const config = loadConfig(
      {
        FERRO_CONDUCTOR_HEARTBEAT_INTERVAL_S: '5',
        FERRO_CONDUCTOR_AUTOMATED_CLEAN: 'false',
        FERRO_API_DEBUG: 'yes',
        FERRO_CONDUCTOR_ENABLED_HARDWARE_TYPES: 'fake-hardware, ipmi',
        FERRO_DATABASE_URL: 'postgres://ferro@127.0.0.1:5432/ferro',
        FERRO_DATA_DIR: '/srv/ferro',
      },
      [],
    );
    expect(config.conductor.heartbeatIntervalS).toBe(5);
    expect(config.conductor.automatedClean).toBe(false);
    expect(config.api.debug).toBe(true);
    expect(config.conductor.enabledHardwareTypes).toEqual(['fake-hardware', 'ipmi']);
    expect(config.database.url).toBe('postgres://ferro@127.0.0.1:5432/ferro');
    expect(config.dataDir).toBe('/srv/ferro');
  });

  it('ignores FERRO_ variables outside its sections and unrelated variables', () => {
    expect(problemsOf({ FERRO_TEST_PG_URL: 'x', PATH: '/bin', HOME: '/root' })).toEqual([]);
  });
});

describe('loadConfig refuses bad values with a message naming option, value and expectation', () => {
  it('reports a non-numeric port from the environment', () => {
    expect(problemsOf({ FERRO_API_PORT: 'abc' })).toEqual([
      'api.port = "abc" (from FERRO_API_PORT): expected an integer from 1 to 65535',
    ]);
  });

  it('reports an out-of-range value from the file with the file name', () => {
    const files = { '/c.json': JSON.stringify({ conductor: { maxConcurrentDeploy: 0 } }) };
    expect(problemsOf({}, ['--config', '/c.json'], files)).toEqual([
      'conductor.maxConcurrentDeploy = 0 (from /c.json): expected an integer from 1 to 1000000',
    ]);
  });

  it('lists the allowed values of an enumeration', () => {
    expect(problemsOf({ FERRO_LOG_LEVEL: 'loud' })[0]).toContain('expected one of "fatal", "error", "warn", "info"');
  });

  it('rejects unknown options in the file and typos in section variables', () => {
    const files = { '/c.json': JSON.stringify({ api: { prot: 1 }, nope: true }) };
    const problems = problemsOf({ FERRO_API_PROT: '1' }, ['--config', '/c.json'], files);
    expect(problems.some((p) => p.startsWith('unknown option api.prot in /c.json'))).toBe(true);
    expect(problems.some((p) => p.startsWith('unknown option nope in /c.json'))).toBe(true);
    expect(problems.some((p) => p.startsWith('unknown environment variable FERRO_API_PROT'))).toBe(true);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ FERRO_API_PORT: '0', FERRO_FAKE_POWER_DELAY_MS: '-1', FERRO_API_DEBUG: 'maybe' })).toHaveLength(
      3,
    );
  });

  it('reports a missing or malformed config file', () => {
    expect(problemsOf({}, ['--config', '/missing.json'])[0]).toMatch(/^cannot use config file \/missing.json: ENOENT/);
    expect(problemsOf({}, ['--config', '/bad.json'], { '/bad.json': '{' })[0]).toMatch(
      /^cannot use config file \/bad.json/,
    );
    expect(problemsOf({}, ['--config', '/arr.json'], { '/arr.json': '[]' })[0]).toMatch(/must hold a JSON object/);
    expect(problemsOf({}, ['--config'])).toEqual(['--config needs a path to a JSON file']);
    expect(problemsOf({}, ['--config', '--verbose'])).toEqual(['--config needs a path to a JSON file']);
  });

  it('rejects a database URL it cannot open, hiding the password', () => {
    const [problem] = problemsOf({ FERRO_DATABASE_URL: 'mysql://u:secret@db/ferro' });
    expect(problem).toContain('database.url = "mysql://u:***@db/ferro"');
    expect(problem).not.toContain('secret');
  });

  it('requires the heartbeat timeout to exceed the interval', () => {
    expect(problemsOf({ FERRO_CONDUCTOR_HEARTBEAT_INTERVAL_S: '60' })[0]).toMatch(
      /heartbeatTimeoutS \(60\) must be larger/,
    );
  });

  it('puts the whole list in the error message', () => {
    expect(() => loadConfig({ FERRO_API_PORT: 'abc' }, [])).toThrow(
      /Invalid conductor configuration:\n {2}- api\.port/,
    );
  });
});

describe('authentication safety', () => {
  it('refuses noauth on a non-loopback host and says why', () => {
    const [problem] = problemsOf({ FERRO_API_HOST: '0.0.0.0' });
    expect(problem).toMatch(/noauth.*"0\.0\.0\.0" is not a loopback address/);
    expect(problem).toContain('api.allowInsecureNoauth');
  });

  it('allows noauth on a non-loopback host when explicitly told to', () => {
    expect(problemsOf({ FERRO_API_HOST: '0.0.0.0', FERRO_API_ALLOW_INSECURE_NOAUTH: 'true' })).toEqual([]);
  });

  it('allows http_basic on any host but needs an htpasswd file', () => {
    expect(problemsOf({ FERRO_API_HOST: '0.0.0.0', FERRO_API_AUTH_STRATEGY: 'http_basic' })[0]).toMatch(
      /htpasswdPath is empty/,
    );
    expect(
      problemsOf({
        FERRO_API_HOST: '0.0.0.0',
        FERRO_API_AUTH_STRATEGY: 'http_basic',
        FERRO_API_HTPASSWD_PATH: '/etc/ferro/htpasswd',
      }),
    ).toEqual([]);
  });

  it('treats 127.0.0.0/8, ::1 and localhost as loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1'])
      expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('schema conventions', () => {
  const options = listConfigOptions();

  it('gives every option a default and a one-line description', () => {
    for (const option of options) {
      expect(option.schema.default, option.path).toBeDefined();
      expect(option.schema.description, option.path).toMatch(/^[^\n]{10,140}$/);
    }
  });

  it('names units in option names: S for seconds, Ms for milliseconds, Bytes for bytes', () => {
    const suffix = { seconds: /S$/, milliseconds: /Ms$/, bytes: /Bytes$/ } as const;
    for (const option of options) {
      if (option.schema.unit !== undefined) expect(option.key, option.path).toMatch(suffix[option.schema.unit]);
      if (/[a-z](S|Ms|Bytes)$/.test(option.key)) expect(option.schema.unit, option.path).toBeDefined();
    }
  });

  it('derives environment names in UPPER_SNAKE case', () => {
    expect(toUpperSnake('heartbeatIntervalS')).toBe('HEARTBEAT_INTERVAL_S');
    expect(options.find((o) => o.path === 'api.maxBodyBytes')?.envVar).toBe('FERRO_API_MAX_BODY_BYTES');
    expect(options.find((o) => o.path === 'dataDir')?.envVar).toBe('FERRO_DATA_DIR');
  });
});

describe('parseDatabaseUrl', () => {
  it('understands sqlite, postgres and memory URLs', () => {
    expect(parseDatabaseUrl('sqlite:///var/lib/ferro/ferro.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/ferro/ferro.db',
    });
    expect(parseDatabaseUrl('sqlite://.ferro/ferro.db')).toEqual({ kind: 'sqlite', path: '.ferro/ferro.db' });
    expect(parseDatabaseUrl('postgresql://a@b/c')).toEqual({ kind: 'postgres', url: 'postgresql://a@b/c' });
    expect(parseDatabaseUrl('memory://')).toEqual({ kind: 'memory' });
    expect(parseDatabaseUrl('sqlite://')).toBeUndefined();
  });
});
