import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QmpError, QmpUnavailable, runQmp } from './qmp-client.js';
import { startFakeQmp, type FakeQmp } from './testing/fake-qmp-server.js';

let qemu: FakeQmp | undefined;
afterEach(async () => {
  await qemu?.stop().catch(() => undefined);
  qemu = undefined;
});

const socketPath = (): string => join(mkdtempSync(join(tmpdir(), 'qmp-client-')), 'qmp.sock');

describe('runQmp', () => {
  it('answers QmpUnavailable when nobody listens on the socket', async () => {
    await expect(runQmp(socketPath(), [{ execute: 'query-status' }], { timeoutMs: 1000 })).rejects.toBeInstanceOf(
      QmpUnavailable,
    );
  });

  it('with settleMs, returns only once the awaited event has stopped repeating', async () => {
    const path = socketPath();
    qemu = await startFakeQmp(path, { firmwareResetsAfterMs: [60, 120] });
    const startedAt = Date.now();
    await runQmp(path, [{ execute: 'qom-set', arguments: { path: '/machine/peripheral/nic0', value: 1 } }], {
      timeoutMs: 5000,
    });
    await runQmp(path, [{ execute: 'system_reset' }], { timeoutMs: 5000, waitForEvent: 'RESET', settleMs: 200 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(120 + 200);
    expect(qemu.firmwareBootindex.get('/machine/peripheral/nic0')).toBe(1);
  });

  it('keeps the settling wait within timeoutMs when the event never stops', async () => {
    const path = socketPath();
    qemu = await startFakeQmp(path, { firmwareResetsAfterMs: Array.from({ length: 40 }, (_, i) => 50 * (i + 1)) });
    await expect(
      runQmp(path, [{ execute: 'system_reset' }], { timeoutMs: 400, waitForEvent: 'RESET', settleMs: 100 }),
    ).rejects.toBeInstanceOf(QmpError);
  });
});
