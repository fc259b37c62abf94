import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint256, generateSelfSignedCertificate } from './self-signed-certificate.js';

describe('generateSelfSignedCertificate', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');

  it('makes a certificate node:crypto parses, for the IP it names, signed by its own key', () => {
    const c = generateSelfSignedCertificate('192.0.2.7', now);
    const x = new X509Certificate(c.certPem);
    expect(x.subject).toBe('CN=192.0.2.7');
    expect(x.subjectAltName).toBe('IP Address:192.0.2.7');
    expect(x.checkIP('192.0.2.7')).toBe('192.0.2.7');
    expect(x.checkIP('192.0.2.8')).toBeUndefined();
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(c.keyPem))).toBe(true);
    expect(new Date(x.validFrom).getTime()).toBe(now - 86_400_000);
    expect(new Date(x.validTo).getTime()).toBe(now + 365 * 86_400_000);
    expect(c.fingerprint256).toBe(x.fingerprint256);
    expect(certificateFingerprint256(c.certPem)).toBe(x.fingerprint256);
  });

  it('encodes every serial number minimally, also those whose random first byte is 0x00 or 0x80', () => {
    for (const first of [0x00, 0x7f, 0x80, 0xff]) {
      for (const second of [0x00, 0x7f, 0x80]) {
        const serial = Buffer.alloc(16, 0x11);
        serial[0] = first;
        serial[1] = second;
        const c = generateSelfSignedCertificate('192.0.2.7', now, serial);
        const x = new X509Certificate(c.certPem); // throws "illegal padding" on a non-minimal INTEGER
        expect(Number.parseInt(x.serialNumber.slice(0, 2), 16)).toBeGreaterThan(0);
        expect(Number.parseInt(x.serialNumber.slice(0, 2), 16)).toBeLessThan(0x80);
      }
    }
  });

  it('handles IPv6 addresses and host names', () => {
    expect(new X509Certificate(generateSelfSignedCertificate('fd00::1', now).certPem).checkIP('fd00::1')).toBe(
      'fd00::1',
    );
    expect(new X509Certificate(generateSelfSignedCertificate('agent.lab', now).certPem).checkHost('agent.lab')).toBe(
      'agent.lab',
    );
  });

  it('uses GeneralizedTime after 2049 and a fresh key each time', () => {
    const late = new X509Certificate(
      generateSelfSignedCertificate('10.0.0.1', Date.parse('2049-12-01T00:00:00Z')).certPem,
    );
    expect(late.validTo).toContain('2050');
    expect(generateSelfSignedCertificate('10.0.0.1', now).fingerprint256).not.toBe(
      generateSelfSignedCertificate('10.0.0.1', now).fingerprint256,
    );
  });
});
