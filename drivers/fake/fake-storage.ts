import type { StorageInterface } from '../interfaces/index.js';

/** `fake` storage: no volumes; images are written locally. */
export class FakeStorage implements StorageInterface {
  validate(): void {}
  attachVolumes(): Promise<void> {
    return Promise.resolve();
  }
  detachVolumes(): Promise<void> {
    return Promise.resolve();
  }
  shouldWriteImage(): boolean {
    return true;
  }
}
