// What both data paths (js-data-path.ts, native-data-path.ts) hand back for a transfer they started.
import type { TransferOutcome } from './transfer.js';

/** Which data path serves transfers: `auto` takes the native one when its addon is built. */
export type TftpDataPath = 'auto' | 'js' | 'native';

/** How a transfer ended and how far the client got. */
export interface TransferResult {
  readonly outcome: TransferOutcome;
  readonly ackedBlocks: number;
}

/** A transfer under way on either data path. */
export interface DataPathTransfer {
  readonly finished: Promise<TransferResult>;
  /** Stops at once, telling the client why (ERROR 0). */
  abort(message: string): void;
}
