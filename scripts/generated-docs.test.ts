import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './config-docs.js';
import { renderStatesDoc } from './states-doc.js';

const read = (name: string): string => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

describe('generated docs are up to date (run `npm run docs:gen` when these fail)', () => {
  it('docs/config.md matches the config schema', () => {
    expect(read('config.md')).toBe(renderConfigDocs());
  });

  it('docs/states.md matches the TRANSITIONS table', () => {
    expect(read('states.md')).toBe(renderStatesDoc());
  });
});

describe('renderStatesDoc', () => {
  it('draws every transition and labels states with spaces', () => {
    const doc = renderStatesDoc();
    expect(doc).toContain('state "wait call-back" as DeployWait');
    expect(doc).toContain('Available --> Deploying: deploy');
    expect(doc).toContain('| available | stable | — |');
  });
});

describe('renderConfigDocs', () => {
  it('lists each option with its environment variable, default and unit', () => {
    expect(renderConfigDocs()).toMatch(
      /\| `conductor\.heartbeatIntervalS` \| `FERRO_CONDUCTOR_HEARTBEAT_INTERVAL_S` \| `10` \| seconds \|/,
    );
    expect(renderConfigDocs()).toContain('| `database.url` | `FERRO_DATABASE_URL` | sqlite://<dataDir>/ferro.db |');
  });
});
