import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

// IPA's auto-TLS (tls_utils.py generate_tls_certificate) makes a self-signed certificate for the advertised
// address at start-up and sends it to the conductor, which pins it. node:crypto can parse X.509 but not make
// it, and the packages that can cost 300-360 KB of bundle and 160-580 ms of RSA key generation (measured for
// selfsigned@5.5.0 and node-forge; see agent/README.md). A self-signed certificate is one fixed DER
// structure (RFC 5280 §4.1), so it is built here: an ECDSA P-256 key from node:crypto, signed with SHA-256.

/** A certificate and its key, PEM-encoded, with the SHA-256 fingerprint the conductor pins. */
export interface SelfSignedCertificate {
  certPem: string;
  keyPem: string;
  /** Colon-separated upper-case hex, as X509Certificate.fingerprint256 prints it. */
  fingerprint256: string;
}

const DAY_MS = 86_400_000;

/**
 * A certificate for `host` (an IP address goes into subjectAltName as iPAddress, a name as dNSName) valid from
 * a day before `nowMs` (ramdisk clocks drift) for a year.
 */
export function generateSelfSignedCertificate(host: string, nowMs: number, serialBytes: Buffer = randomBytes(16)): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(host.slice(0, 64), 'utf8')))));
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const serial = Buffer.from(serialBytes);
  // Positive (RFC 5280 §4.1.2.2) and minimally encoded (X.690 §8.3.2): a first byte of 1..127 needs no 0x00
  // padding and is never a padding byte itself. 0x00 followed by a byte below 0x80 made OpenSSL refuse the whole
  // certificate ("illegal padding"), once in ~256 starts; the lab caught it.
  serial[0] = 1 + ((serial[0] ?? 0) % 0x7f);
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(time(nowMs - DAY_MS), time(nowMs + 365 * DAY_MS)),
    name,
    spki,
    tlv(0xa3, seq(seq(oid('2.5.29.17'), tlv(0x04, seq(subjectAltName(host)))))),
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem, keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}

/** SHA-256 over the DER of a PEM certificate, colon-separated hex (what the conductor compares). */
export function certificateFingerprint256(certPem: string): string {
  const der = Buffer.from(certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256')
    .update(der)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

function subjectAltName(host: string): Buffer {
  if (isIP(host) === 4) return tlv(0x87, Buffer.from(host.split('.').map(Number)));
  if (isIP(host) === 6) return tlv(0x87, ipv6Bytes(host));
  return tlv(0x82, Buffer.from(host, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const [h, t] = [groups(head), groups(tail)];
  const all = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(Number.parseInt(g, 16), i * 2));
  return out;
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : n < 0x10000
          ? Buffer.from([0x82, n >> 8, n & 0xff])
          : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const integer = (bytes: Buffer) => tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return Number(iso.slice(0, 4)) < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}
