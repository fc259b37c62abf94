import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';

/** How to reach an enabled console (GET /v1/nodes/{id}/states/console). */
export interface ConsoleInfo {
  type: string;
  url: string;
}

/** Serial or graphical console (ConsoleInterface). */
export interface ConsoleInterface {
  validate(node: NodeRef): void;
  start(node: NodeRef, ctx: DriverContext): Promise<void>;
  stop(node: NodeRef, ctx: DriverContext): Promise<void>;
  getConsole(node: NodeRef, ctx: DriverContext): Promise<ConsoleInfo>;
}
