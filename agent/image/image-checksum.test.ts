import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumSource, digestFromChecksumFile, parseDigest } from './image-checksum.js';
import { InvalidImage } from '../../core/index.js';

const sha256 = createHash('sha256').update('x').digest('hex');
const sha512 = createHash('sha512').update('x').digest('hex');
const md5 = createHash('md5').update('x').digest('hex');

describe('checksumSource', () => {
  it('prefers os_hash_algo + os_hash_value (Glance multihash)', () => {
    expect(checksumSource({ os_hash_algo: 'SHA512', os_hash_value: sha512.toUpperCase(), checksum: md5 }, false))
      .toEqual({ kind: 'value', checksum: { algorithm: 'sha512', value: sha512 } });
  });

  it('takes the legacy checksum by length: 64 hex digits is sha256, 128 is sha512', () => {
    expect(checksumSource({ checksum: sha256 }, false)).toEqual({ kind: 'value', checksum: { algorithm: 'sha256', value: sha256 } });
    expect(checksumSource({ checksum: sha512 }, false)).toEqual({ kind: 'value', checksum: { algorithm: 'sha512', value: sha512 } });
  });

  it('refuses MD5 unless allowed', () => {
    expect(() => checksumSource({ checksum: md5 }, false)).toThrow(/MD5, which is refused/);
    expect(checksumSource({ checksum: md5 }, true)).toEqual({ kind: 'value', checksum: { algorithm: 'md5', value: md5 } });
  });

  it('refuses an image without any checksum, as IPA does', () => {
    expect(() => checksumSource({ urls: ['http://x/y'] }, false)).toThrow(InvalidImage);
    expect(() => checksumSource({ checksum: '' }, false)).toThrow(/checksum is missing/);
  });

  it('treats an http(s) checksum as the URL of a checksum file', () => {
    expect(checksumSource({ checksum: 'https://images/SHA256SUMS' }, false)).toEqual({ kind: 'url', url: 'https://images/SHA256SUMS' });
  });

  it('refuses digests of the wrong length or alphabet, and unknown algorithms', () => {
    expect(() => parseDigest(sha256.slice(1), false)).toThrow(/63 hex digits/);
    expect(() => parseDigest('zz', false)).toThrow(/not a hex digest/);
    expect(() => checksumSource({ os_hash_algo: 'crc32', os_hash_value: 'abcd' }, false)).toThrow(/not supported/);
    expect(() => checksumSource({ os_hash_algo: 'sha256', os_hash_value: sha512 }, false)).toThrow(/not a sha256 hex digest/);
  });

  it('accepts algo:hex', () => {
    expect(parseDigest(`sha512:${sha512}`, false)).toEqual({ algorithm: 'sha512', value: sha512 });
  });
});

describe('digestFromChecksumFile', () => {
  const url = 'http://server/images/disk.qcow2?temp_url_sig=abc';

  it('finds the line for the image file in sha256sum output (text and binary mode)', () => {
    const text = `${sha512}  other.img\n${sha256} *disk.qcow2\n`;
    expect(digestFromChecksumFile(text, url, false)).toEqual({ algorithm: 'sha256', value: sha256 });
  });

  it('reads BSD-style lines', () => {
    expect(digestFromChecksumFile(`SHA512 (disk.qcow2) = ${sha512}\n`, url, false)).toEqual({ algorithm: 'sha512', value: sha512 });
  });

  it('takes a file holding one bare digest', () => {
    expect(digestFromChecksumFile(`${sha256}\n`, url, false)).toEqual({ algorithm: 'sha256', value: sha256 });
  });

  it('fails clearly when the file has no entry for the image', () => {
    expect(() => digestFromChecksumFile(`${sha256}  a.img\n${sha256}  b.img\n`, url, false)).toThrow(/no entry for "disk.qcow2"/);
  });
});
