import { describe, expect, it } from 'vitest';
import { checkDiskFormat, detectImageFormat } from './image-format.js';

const head = (...bytes: number[]): Buffer => Buffer.concat([Buffer.from(bytes), Buffer.alloc(600)]);

describe('detectImageFormat', () => {
  it('tells formats apart by magic bytes', () => {
    expect(detectImageFormat(head(0x51, 0x46, 0x49, 0xfb))).toBe('qcow2');
    expect(detectImageFormat(head(0x1f, 0x8b, 0x08))).toBe('gzip');
    expect(detectImageFormat(head(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00))).toBe('xz');
    expect(detectImageFormat(head(0x28, 0xb5, 0x2f, 0xfd))).toBe('zstd');
    expect(detectImageFormat(head(0xeb, 0x63, 0x90))).toBe('raw'); // an MBR boot sector
    expect(detectImageFormat(Buffer.alloc(0))).toBe('raw'); // an empty image is an empty raw disk
  });

  it('refuses formats it does not write, naming them', () => {
    expect(() => detectImageFormat(Buffer.concat([Buffer.from('KDMV'), Buffer.alloc(600)]))).toThrow(/vmdk is not supported/);
    expect(() => detectImageFormat(Buffer.concat([Buffer.from('vhdxfile'), Buffer.alloc(600)]))).toThrow(/vhdx/);
    expect(() => detectImageFormat(Buffer.from([0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe, 0, 0]))).toThrow(/luks/);
  });
});

describe('checkDiskFormat', () => {
  it('refuses a qcow2 declared raw and a raw declared qcow2 (deep image inspection)', () => {
    expect(() => { checkDiskFormat('qcow2', 'raw'); }).toThrow(/disk_format raw, the content is qcow2/);
    expect(() => { checkDiskFormat('raw', 'qcow2'); }).toThrow(/mismatch/);
  });

  it('accepts compressed raw declared raw, and no declaration at all', () => {
    expect(() => { checkDiskFormat('zstd', 'raw'); }).not.toThrow();
    expect(() => { checkDiskFormat('qcow2', undefined); }).not.toThrow();
    expect(() => { checkDiskFormat('raw', 'vmdk'); }).toThrow(/not supported/);
  });
});
