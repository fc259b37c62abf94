import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.js';
import { summarizeInspection } from './inspection-data.js';

const fixture = (name: string): JsonObject => JSON.parse(readFileSync(new URL(`../../test/fixtures/redfish/${name}`, import.meta.url), 'utf8')) as JsonObject;

describe('summarizeInspection', () => {
  it('reads the DMTF rackmount1 system: threads, memory, arch, smallest disk over 4 GiB, NIC MACs', () => {
    const summary = summarizeInspection({
      system: fixture('dmtf-rackmount1-system.json'), processors: [fixture('dmtf-rackmount1-processor.json')], memory: [],
      drives: [fixture('dmtf-localstorage-drive.json')], volumes: [], simpleStorage: [fixture('dmtf-rackmount1-simple-storage.json')],
      nics: [fixture('dmtf-rackmount1-ethernet-interface.json')],
    }, 'boot_mode:bios');
    expect(summary.properties).toMatchObject({ cpus: 16, memory_mb: 96 * 1024, cpu_arch: 'x86_64', capabilities: 'boot_mode:bios' });
    expect(summary.properties['local_gb']).toBeGreaterThan(0);
    expect(summary.ports).toEqual([{ address: '12:44:6a:3b:04:11' }]);
  });

  it('falls back to the processor model for the architecture and skips placeholder MACs', () => {
    const summary = summarizeInspection({
      system: { ProcessorSummary: { Count: 2, Model: 'AMD EPYC 7502P 32-Core Processor', LogicalProcessorCount: 64 }, MemorySummary: { TotalSystemMemoryGiB: 8 } },
      processors: [], memory: [], drives: [], volumes: [], simpleStorage: [],
      nics: [{ MACAddress: '00:00:00:00:00:00' }, { MACAddress: 'not a mac', PermanentMACAddress: 'AA:BB:CC:DD:EE:FF' }],
    }, undefined);
    expect(summary.properties).toMatchObject({ cpus: 64, cpu_arch: 'x86_64', local_gb: 0 });
    expect(summary.ports).toEqual([{ address: 'aa:bb:cc:dd:ee:ff' }]);
  });
});
