// Power-state sync of many BMCs (issue #3): the compiled conductor's periodic power sync against the
// multi-BMC IPMI responder on 127.0.0.1, beside the same sweep done with ipmitool subprocesses.
// Usage: npm run bench:power-sync [-- --bmcs 10000 --workers 8,64 --ipmitool-sample 1000]
// Every loop is bounded; only processes this script started are stopped, by PID; traffic stays on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startConductor, type ConductorProcess } from '../test/support/conductor-process.js';
import { startResponderProcess, type ResponderProcess } from './ipmi-responder-process.js';
import { ipmitoolSweep } from './ipmitool-sweep.js';
import { enrollIpmiNodes, manageAll } from './power-sync-enroll.js';
import { checkFlips, checkMaintenance } from './power-sync-maintenance.js';
import { openDescriptors, sampleCpu, type CpuTimeline } from './power-sync-process-stats.js';
import { describeSweep, powerSyncTable, type LabelledSweep } from './power-sync-report.js';
import { watchSweeps } from './power-sync-sweep.js';

const { values } = parseArgs({
  options: {
    bmcs: { type: 'string', default: '10000' },
    'base-port': { type: 'string', default: '20000' },
    workers: { type: 'string', default: '8,64' },
    'interval-s': { type: 'string', default: '10' },
    'recovery-interval-s': { type: 'string', default: '15' },
    'enroll-concurrency': { type: 'string', default: '32' },
    'ipmitool-sample': { type: 'string', default: '1000' },
    'ipmitool-parallel': { type: 'string', default: '8' },
    flip: { type: 'string', default: '100' },
    silence: { type: 'string', default: '50' },
  },
});
const BMCS = Number(values.bmcs);
const WORKERS = values.workers.split(',').map(Number);
const FLIP = Math.min(Number(values.flip), BMCS);
const SILENCE = Math.min(Number(values.silence), BMCS - FLIP);
const MAX_RETRIES = 3; // Ironic's power_state_sync_max_retries, the conductor's default

function conductorEnv(workers: number, intervalS: number): Record<string, string> {
  return {
    FERRO_CONDUCTOR_SYNC_POWER_STATE_INTERVAL_S: String(intervalS),
    FERRO_CONDUCTOR_SYNC_POWER_STATE_WORKERS: String(workers),
    FERRO_CONDUCTOR_POWER_FAILURE_RECOVERY_INTERVAL_S: values['recovery-interval-s'],
    FERRO_LOG_LEVEL: 'info',
  };
}

async function enroll(responder: ResponderProcess, dataDir: string): Promise<string[]> {
  const conductor = await startConductor({ compiled: true, dataDir, env: conductorEnv(8, 0) });
  try {
    const concurrency = Number(values['enroll-concurrency']);
    const enrolled = await enrollIpmiNodes(conductor.url, BMCS, responder.firstPort, concurrency);
    console.log(
      `enrolled ${BMCS} ipmi nodes through the API in ${enrolled.seconds.toFixed(1)} s (${concurrency} at once)`,
    );
    const managed = await manageAll(conductor.url, enrolled.uuids, concurrency, 300);
    console.log(
      `managed (verified over IPMI) in ${managed.seconds.toFixed(1)} s, ${concurrency} at once; ${managed.failed} failed${managed.firstError ? `, e.g. ${managed.firstError}` : ''}`,
    );
    if (managed.failed > 0)
      throw new Error(`${managed.failed} nodes failed verification; the passes would not cover every BMC`);
    return enrolled.uuids;
  } finally {
    await conductor.stop(60_000);
  }
}

/** Starts a conductor with `workers`, returns its first pass (fresh sessions) and second (sessions kept). */
async function measureConductor(
  workers: number,
  dataDir: string,
  responderCpu: CpuTimeline,
  last: (c: ConductorProcess, w: ReturnType<typeof watchSweeps>) => Promise<void>,
): Promise<LabelledSweep[]> {
  const conductor = await startConductor({
    compiled: true,
    dataDir,
    env: conductorEnv(workers, Number(values['interval-s'])),
  });
  const pid = conductor.child.pid ?? 0;
  const cpu = sampleCpu(pid);
  try {
    const watcher = watchSweeps(conductor, cpu, responderCpu);
    const cold = await watcher.next(900_000);
    console.log(`  ${workers} workers, first pass after start: ${describeSweep(cold)}`);
    const warm = await watcher.next(900_000);
    console.log(`  ${workers} workers, next pass:                ${describeSweep(warm)}`);
    const fds = cpu.peakDescriptors();
    console.log(
      `  conductor peak descriptors during the passes: ${fds.total} (${fds.sockets} sockets); now ${openDescriptors(pid).sockets} sockets`,
    );
    await last(conductor, watcher);
    return [
      { label: `Ferro conductor, ${workers} workers, first pass (new RMCP+ sessions)`, sweep: cold },
      { label: `Ferro conductor, ${workers} workers, next pass (sessions kept)`, sweep: warm },
    ];
  } finally {
    cpu.stop();
    await conductor.stop(60_000);
  }
}

async function scaleChecks(
  conductor: ConductorProcess,
  watcher: ReturnType<typeof watchSweeps>,
  responder: ResponderProcess,
  uuids: string[],
): Promise<void> {
  const flips = await checkFlips(conductor.url, responder, watcher, uuids, 0, FLIP);
  console.log(`\n== ${FLIP} BMCs switched on behind the conductor's back: pass ${describeSweep(flips.sweep)}`);
  console.log(
    `   ${flips.withHistory}/${FLIP} nodes got a power history event, ${flips.switchedBack}/${FLIP} BMCs were switched back to the recorded state; e.g. "${flips.sampleEvent}"`,
  );
  const m = await checkMaintenance(conductor.url, responder, watcher, uuids, FLIP, SILENCE, MAX_RETRIES);
  console.log(
    `\n== ${SILENCE} BMCs silenced: ${m.inMaintenance}/${SILENCE} nodes in maintenance after ${m.passes.length} passes, ${m.secondsToMaintenance.toFixed(1)} s`,
  );
  for (const pass of m.passes) console.log(`   pass: ${describeSweep(pass)}`);
  console.log(`   maintenance_reason matches Ironic's: ${m.reasonMatchesIronic}: "${m.reason}"`);
  console.log(
    `   BMCs answering again: ${m.recovered}/${m.inMaintenance} nodes out of maintenance after ${m.secondsToRecovery.toFixed(1)} s (recovery interval ${values['recovery-interval-s']} s)`,
  );
}

async function main(): Promise<void> {
  const responder = await startResponderProcess(BMCS, Number(values['base-port']));
  const responderCpu = sampleCpu(responder.pid);
  const dataDir = mkdtempSync(join(tmpdir(), 'ferro-bench-psync-'));
  try {
    console.log(
      `responder: ${BMCS} BMCs on 127.0.0.1:${responder.firstPort}-${responder.firstPort + BMCS - 1} (PID ${responder.pid}, ${openDescriptors(responder.pid).sockets} sockets)`,
    );
    const uuids = await enroll(responder, dataDir);
    const ferro: LabelledSweep[] = [];
    for (const [i, workers] of WORKERS.entries()) {
      console.log(`\n== power sync, syncPowerStateWorkers ${workers}`);
      const isLast = i === WORKERS.length - 1;
      ferro.push(
        ...(await measureConductor(workers, dataDir, responderCpu, async (c, w) => {
          if (isLast) await scaleChecks(c, w, responder, uuids);
        })),
      );
    }
    const sample = Math.min(BMCS, Number(values['ipmitool-sample']));
    const stride = BMCS / sample;
    const ports = Array.from({ length: sample }, (_, i) => responder.firstPort + Math.floor(i * stride));
    console.log(
      `\n== ipmitool subprocesses over ${sample} of the ${BMCS} BMCs, ${values['ipmitool-parallel']} at once`,
    );
    const cli = await ipmitoolSweep(ports, Number(values['ipmitool-parallel']));
    console.log(
      `   ${cli.seconds.toFixed(1)} s, ${cli.cpuSeconds.toFixed(1)} CPU s, ${cli.errors} errors, ${cli.on} on`,
    );
    console.log(`\nresponder counters: ${JSON.stringify(await responder.stats())}`);
    console.log(`\n${powerSyncTable(BMCS, ferro, cli)}`);
  } finally {
    responderCpu.stop();
    await responder.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
