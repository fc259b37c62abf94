import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetFn } from './ipmi-message.js';
import { createIpmitoolRunner, parseRawOutput, rawArguments } from './ipmitool-runner.js';

// A stand-in ipmitool: records its arguments and whether it got the password, answers by user name.
const FAKE = `#!/bin/sh
echo "$@" > "$(dirname "$0")/args"
echo "password=$IPMI_PASSWORD" > "$(dirname "$0")/env"
case "$*" in
  *"-U wrong"*) echo "> RAKP 2 HMAC is invalid" >&2; echo "Error: Unable to establish IPMI v2 / RMCP+ session" >&2; exit 1 ;;
  *"-U dead"*) echo "Get Auth Capabilities error" >&2; echo "Error: Unable to establish IPMI v2 / RMCP+ session" >&2; exit 1 ;;
  *"raw 0x00 0x02 0x04"*) echo "Unable to send RAW command (channel=0x0 netfn=0x0 lun=0x0 cmd=0x2 rsp=0xcc): Invalid data field in request" >&2; exit 1 ;;
  *) echo " 01 10 00"; exit 0 ;;
esac
`;
let dir: string;
const signal = (): AbortSignal => new AbortController().signal;
const target = (username: string) => ({
  host: '127.0.0.1',
  port: 623,
  username,
  password: 's3cret',
  privilege: 4,
  cipherSuite: 3,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferro-fake-ipmitool-'));
  await writeFile(join(dir, 'ipmitool'), FAKE);
  await chmod(join(dir, 'ipmitool'), 0o755);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('ipmitool subprocess runner', () => {
  const runner = () => createIpmitoolRunner({ command: join(dir, 'ipmitool'), requestTimeoutMs: 1_000, attempts: 2 });

  it('runs `raw` with lanplus and the cipher suite, the password only in IPMI_PASSWORD', async () => {
    const response = await runner().execute(
      target('admin'),
      { netFn: NetFn.Chassis, command: 0x01, data: new Uint8Array(0) },
      signal(),
    );
    expect(response).toMatchObject({ completionCode: 0, data: Buffer.from([0x01, 0x10, 0x00]) });
    const args = await readFile(join(dir, 'args'), 'utf8');
    expect(args).toContain('-I lanplus -H 127.0.0.1 -p 623 -L ADMINISTRATOR -U admin -E -C 3 -N 1 -R 2 raw 0x00 0x01');
    expect(args).not.toContain('s3cret');
    expect(await readFile(join(dir, 'env'), 'utf8')).toBe('password=s3cret\n');
  });

  it('returns completion codes as responses, like the native client', async () => {
    await expect(
      runner().execute(target('admin'), { netFn: 0, command: 2, data: Uint8Array.of(4) }, signal()),
    ).resolves.toMatchObject({ completionCode: 0xcc });
  });

  it('classifies a wrong password and an unreachable BMC', async () => {
    await expect(
      runner().execute(target('wrong'), { netFn: 0, command: 1, data: new Uint8Array(0) }, signal()),
    ).rejects.toMatchObject({ kind: 'credentials', message: expect.stringMatching(/rejected the credentials/) });
    await expect(
      runner().execute(target('dead'), { netFn: 0, command: 1, data: new Uint8Array(0) }, signal()),
    ).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/did not answer within 2000 ms after 2 attempts/),
    });
  });

  it('formats raw arguments and parses raw output', () => {
    expect(rawArguments({ netFn: 0, command: 8, data: Uint8Array.of(5, 0xe0, 4) })).toEqual([
      'raw',
      '0x00',
      '0x08',
      '0x05',
      '0xe0',
      '0x04',
    ]);
    expect(parseRawOutput(' 00 03 09 08 02 9f 91 12 00 02 0f 00 00 00 00\n 01\n', { host: 'h', port: 1 })).toHaveLength(
      16,
    );
    expect(() => parseRawOutput('Chassis Power is on', { host: 'h', port: 1 })).toThrow(/malformed reply/);
  });
});
