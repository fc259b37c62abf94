import type { NodeRef } from '../../core/index.js';
import type { ConsoleInfo, ConsoleInterface } from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` console: remembers whether it is on and returns a placeholder URL. */
export class FakeConsole implements ConsoleInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  start(node: NodeRef): Promise<void> {
    this.machines.machine(node.uuid).consoleOn = true;
    return Promise.resolve();
  }

  stop(node: NodeRef): Promise<void> {
    this.machines.machine(node.uuid).consoleOn = false;
    return Promise.resolve();
  }

  getConsole(node: NodeRef): Promise<ConsoleInfo> {
    return Promise.resolve({ type: 'fake', url: `fake://console/${node.uuid}` });
  }
}
