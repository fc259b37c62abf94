import type { BlockWriter } from './block-writer.js';
import type { ImageTarget } from './image-target.js';
import type { WriteImageOptions } from './write-image-options.js';

/** What the format-specific writers share for one writeImage call. */
export interface ImageJob {
  options: WriteImageOptions;
  signal: AbortSignal;
  target: ImageTarget;
  writer: BlockWriter;
  /** The image's logical size once known, for progress. */
  logicalSizeBytes: number | undefined;
  /** Reports progress (throttled unless forced). */
  progress(force?: boolean): void;
}
