import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Outcome of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Path of Debian's `baremetal` CLI, or undefined when python3-ironicclient is not installed. */
export function findBaremetalCli(): string | undefined {
  return ['/usr/bin/baremetal', '/usr/local/bin/baremetal'].find((p) => existsSync(p));
}

/** Runs the real `baremetal` CLI against `endpoint` with noauth, as an operator would. */
export function runBaremetal(endpoint: string, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const cli = findBaremetalCli() ?? 'baremetal';
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    OS_AUTH_TYPE: 'none',
    OS_ENDPOINT: endpoint,
    ...extraEnv,
  };
  return new Promise((ok) => {
    execFile(cli, args, { env, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      ok({ code, stdout, stderr });
    });
  });
}

/** Parses the CLI's `-f json` output. */
export function jsonOf<T>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`baremetal failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
