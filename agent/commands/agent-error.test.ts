import { describe, expect, it } from 'vitest';
import { ImageChecksumMismatch, ImageDownloadError } from '../../core/index.js';
import { blockDeviceError } from '../disk/disk-errors.js';
import { toCommandError } from './agent-error.js';

/** What esbuild's minifier does to a class name in the agent bundle. */
function minified<T extends Error>(error: T): T {
  Object.defineProperty(error, 'name', { value: 'zA' });
  return error;
}

describe('toCommandError', () => {
  // Issue #5 (lab): last_error read "Command execution failed: zA: Image checksum mismatch …" with the bundle.
  it('names core errors by their stable code, not their (minified) class name', () => {
    const mismatch = toCommandError(minified(new ImageChecksumMismatch('sha256', 'ab'.repeat(32), 'cd'.repeat(32), 'wiped')));
    expect(mismatch).toMatchObject({ type: 'CommandExecutionError', code: 500, message: 'Command execution failed' });
    expect(mismatch.details).toBe(`ImageChecksumMismatch: Image checksum mismatch: sha256 expected ${'ab'.repeat(32)}, got ${'cd'.repeat(32)}; wiped`);
    expect(toCommandError(minified(new ImageDownloadError('http://x/missing.img: HTTP 404 Not Found'))).details)
      .toBe('ImageDownloadError: http://x/missing.img: HTTP 404 Not Found');
  });

  it('keeps AgentErrors as they are and plain errors with their message only', () => {
    expect(toCommandError(blockDeviceError('lsblk failed'))).toEqual({ type: 'BlockDeviceError', code: 500, message: 'Block device caused unknown error', details: 'lsblk failed' });
    expect(toCommandError(new Error('boom')).details).toBe('boom');
    expect(toCommandError(new TypeError('bad')).details).toBe('TypeError: bad');
    expect(toCommandError('text').details).toBe('text');
  });
});
