import { describe, expect, it } from 'vitest';
import { chooseBootFile, type BootClient, type BootFileSettings } from './boot-file.js';

const settings: BootFileSettings = {
  tftpServer: '10.0.0.1',
  biosFile: 'undionly.kpxe',
  uefiX64File: 'snponly.efi',
  uefiArm64File: 'ipxe-arm64.efi',
  httpBootX64Url: 'http://10.0.0.1:8080/snponly.efi',
  httpBootArm64Url: 'http://10.0.0.1:8080/ipxe-arm64.efi',
  ipxeScriptUrl: 'http://10.0.0.1:8080/boot.ipxe',
};
const pxe = (arch: number | undefined, extra: Partial<BootClient> = {}): BootClient => ({
  arch,
  isPxe: true,
  isIpxe: false,
  isHttpClient: false,
  ...extra,
});

describe('chooseBootFile', () => {
  it.each([
    [0, 'undionly.kpxe'],
    [6, 'snponly.efi'],
    [7, 'snponly.efi'],
    [9, 'snponly.efi'],
    [11, 'ipxe-arm64.efi'],
  ])('gives PXE arch %i the TFTP file %s', (arch, file) => {
    expect(chooseBootFile(pxe(arch), settings)).toEqual({ kind: 'tftp', file, server: '10.0.0.1' });
  });

  it('gives UEFI HTTP boot (16, 19) the URL of the matching iPXE build', () => {
    expect(chooseBootFile(pxe(16, { isHttpClient: true }), settings)).toEqual({
      kind: 'http-boot',
      url: 'http://10.0.0.1:8080/snponly.efi',
    });
    expect(chooseBootFile(pxe(19, { isHttpClient: true }), settings)).toEqual({
      kind: 'http-boot',
      url: 'http://10.0.0.1:8080/ipxe-arm64.efi',
    });
  });

  it('gives iPXE the script whatever its architecture, which breaks the PXE -> iPXE loop', () => {
    expect(chooseBootFile(pxe(0, { isIpxe: true }), settings)).toEqual({
      kind: 'ipxe-script',
      url: 'http://10.0.0.1:8080/boot.ipxe',
    });
    expect(chooseBootFile({ arch: undefined, isPxe: false, isIpxe: true, isHttpClient: false }, settings)?.kind).toBe(
      'ipxe-script',
    );
  });

  it('gives nothing to non-PXE clients and to architectures without a build', () => {
    expect(chooseBootFile({ arch: 0, isPxe: false, isIpxe: false, isHttpClient: false }, settings)).toBeUndefined();
    expect(chooseBootFile(pxe(2), settings)).toBeUndefined();
  });
});
