// The power-state sweep as Ironic's ipmitool driver does it: one `ipmitool -I lanplus ... power status`
// subprocess per BMC, a fixed number at once (Ironic's sync_power_state_workers), password in a file as
// Ironic passes it (-f). Measures wall time and the CPU of the subprocesses (waited-for children).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pool } from './http-load.js';
import { childrenCpuSeconds } from './power-sync-process-stats.js';

/** What an ipmitool sweep over `bmcs` BMCs cost. */
export interface IpmitoolSweep {
  bmcs: number;
  seconds: number;
  /** CPU seconds of all ipmitool processes together. */
  cpuSeconds: number;
  /** Calls that failed or printed something other than a power state. */
  errors: number;
  on: number;
}

/** Runs `power status` against BMC ports `ports`, `parallel` ipmitool processes at once. */
export async function ipmitoolSweep(ports: readonly number[], parallel: number): Promise<IpmitoolSweep> {
  const dir = mkdtempSync(join(tmpdir(), 'ferro-bench-ipmitool-'));
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, 'password\n', { mode: 0o600 });
  let errors = 0;
  let on = 0;
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  try {
    await pool(ports, parallel, async (port) => {
      const output = await powerStatus(port, passwordFile).catch(() => '');
      if (/Chassis Power is on/.test(output)) on += 1;
      else if (!/Chassis Power is off/.test(output)) errors += 1;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    bmcs: ports.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: childrenCpuSeconds() - cpuBefore,
    errors,
    on,
  };
}

function powerStatus(port: number, passwordFile: string): Promise<string> {
  // Ironic's command line for ipmi_protocol_version 2.0 with a cipher suite, minus -N/-R (ipmitool defaults).
  const args = [
    '-I',
    'lanplus',
    '-C',
    '3',
    '-H',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'admin',
    '-L',
    'ADMINISTRATOR',
    '-f',
    passwordFile,
    'power',
    'status',
  ];
  return new Promise((resolve, reject) => {
    execFile('ipmitool', args, { timeout: 60_000 }, (error, stdout) => {
      if (error) reject(new Error(`ipmitool power status on port ${port}: ${error.message}`, { cause: error }));
      else resolve(stdout);
    });
  });
}
