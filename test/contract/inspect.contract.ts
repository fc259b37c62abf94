import { expect, it } from 'vitest';
import type { NodeRef } from '../../core/index.js';
import type { InspectInterface } from '../../drivers/interfaces/index.js';
import { testContext } from './driver-test-context.js';

/** What every inspect interface must report. */
export function inspectContract(
  name: string,
  setup: () => Promise<{ inspect: InspectInterface; node: NodeRef }>,
): void {
  it(`${name}: reports cpus, memory_mb, local_gb and cpu_arch, or waits for the agent`, async () => {
    const { inspect, node } = await setup();
    const outcome = await inspect.inspectHardware(node, testContext());
    if (outcome.result === 'wait') return;
    expect(outcome.properties).toMatchObject({
      cpus: expect.any(Number),
      memory_mb: expect.any(Number),
      local_gb: expect.any(Number),
      cpu_arch: expect.any(String),
    });
    for (const port of outcome.ports) expect(port.address).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  });
}
