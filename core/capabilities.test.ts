import { describe, expect, it } from 'vitest';
import { updateCapabilities } from './capabilities.js';

describe('updateCapabilities', () => {
  it('replaces a key in place and appends new keys', () => {
    expect(updateCapabilities('boot_mode:bios,cpu_vt:true', { boot_mode: 'uefi', raid_level: '1' })).toBe(
      'boot_mode:uefi,cpu_vt:true,raid_level:1',
    );
  });

  it('starts from nothing and drops empty parts', () => {
    expect(updateCapabilities(undefined, { boot_mode: 'uefi' })).toBe('boot_mode:uefi');
    expect(updateCapabilities(' a:1 ,, ', {})).toBe('a:1');
  });
});
