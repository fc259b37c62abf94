import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig } from './config.js';
import { parseBootif, parseKernelCmdline } from './kernel-cmdline.js';
import { parseAgentArgs } from './parse-agent-args.js';

const API = 'ipa-api-url=http://10.0.0.1:6385';
const load = (cmdline: string, env: Record<string, string> = {}, flags: Record<string, string | boolean> = {}) =>
  loadAgentConfig({ cmdline, env, flags });
const problems = (cmdline: string, env: Record<string, string> = {}): string[] => {
  try {
    load(cmdline, env);
  } catch (error) {
    if (error instanceof AgentConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected AgentConfigError');
};

describe('kernel command line', () => {
  it('reads IPA parameters, quotes, bare flags, and lets the last repeat win', () => {
    const params = parseKernelCmdline(
      'BOOT_IMAGE=/vmlinuz ipa-debug quiet ipa-api-url=http://a:1 x="a b c" ipa-api-url=http://b:2 =junk\n',
    );
    expect(params.get('ipa-debug')).toBe('');
    expect(params.get('x')).toBe('a b c');
    expect(params.get('ipa-api-url')).toBe('http://b:2');
    expect(params.has('')).toBe(false);
  });

  it('turns BOOTIF into a MAC and rejects anything else', () => {
    expect(parseBootif('01-52-54-00-AB-CD-EF')).toBe('52:54:00:ab:cd:ef');
    expect(parseBootif('52:54:00:ab:cd:ef')).toBe('52:54:00:ab:cd:ef');
    expect(parseBootif('06-52-54-00-ab-cd-ef')).toBeUndefined();
    expect(parseBootif('01-52-54-00-ab')).toBeUndefined();
    expect(parseBootif('$(reboot)')).toBeUndefined();
  });
});

describe('loadAgentConfig', () => {
  it('takes defaults, then the kernel command line', () => {
    const config = load(
      `${API},https://10.0.0.2:6385 BOOTIF=01-aa-bb-cc-dd-ee-ff ipa-lookup-timeout=30 ipa-insecure=1 ipa-debug ferro-disk-files=/tmp/a.img,/tmp/b.img ipa-agent-token=abcdefghijklmnop`,
    );
    expect(config.apiUrls).toEqual(['http://10.0.0.1:6385', 'https://10.0.0.2:6385']);
    expect(config.bootif).toBe('aa:bb:cc:dd:ee:ff');
    expect(config.lookupTimeoutS).toBe(30);
    expect(config.lookupIntervalS).toBe(1);
    expect(config.insecure).toBe(true);
    expect(config.debug).toBe(true);
    expect(config.tls).toBe(true);
    expect(config.listenPort).toBe(9999);
    expect(config.diskFiles).toEqual(['/tmp/a.img', '/tmp/b.img']);
    expect(config.agentToken).toBe('abcdefghijklmnop');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets the environment override the command line and flags override both', () => {
    const config = load(
      `${API} ipa-listen-port=1000 ipa-enable-auto-tls=1`,
      { FERRO_AGENT_LISTEN_PORT: '2000', FERRO_AGENT_TLS: 'false' },
      { listenPort: '3000' },
    );
    expect(config.listenPort).toBe(3000);
    expect(config.tls).toBe(false);
  });

  it("reads IPA's LLDP parameters: off by default, a bare flag turns it on, the timeout may be fractional", () => {
    expect(load(API)).toMatchObject({ collectLldp: false, lldpTimeoutS: 5 });
    expect(load(`${API} ipa-collect-lldp ipa-lldp-timeout=2.5`)).toMatchObject({ collectLldp: true, lldpTimeoutS: 2.5 });
    expect(load(`${API} ipa-collect-lldp=0 ipa-lldp-timeout=30.0`)).toMatchObject({ collectLldp: false, lldpTimeoutS: 30 });
  });

  it.each([
    ['ipa-lldp-timeout=soon', 'lldpTimeoutS'],
    ['ipa-lldp-timeout=-1', 'lldpTimeoutS'],
    ['ipa-lldp-timeout=601', 'lldpTimeoutS'],
    ['ipa-lookup-timeout=-5', 'lookupTimeoutS'],
    ['ipa-lookup-timeout=1e9', 'lookupTimeoutS'],
    ['ipa-lookup-timeout=99999999999999999999', 'lookupTimeoutS'],
    ['ipa-listen-port=0x10', 'listenPort'],
    ['ipa-listen-port=70000', 'listenPort'],
    ['ipa-insecure=maybe', 'insecure'],
    ['BOOTIF=01-zz-bb-cc-dd-ee-ff', 'bootif'],
    ['ipa-advertise-host=a;b', 'advertiseHost'],
    ['ipa-listen-host=localhost', 'listenHost'],
    [`ipa-global-request-id=${'x'.repeat(300)}`, 'globalRequestId'],
  ])('refuses %s with a message naming %s', (param, option) => {
    const found = problems(`${API} ${param}`);
    expect(found.join('\n')).toContain(option);
  });

  it('refuses URLs that are not http(s) and a missing API', () => {
    expect(problems('ipa-api-url=file:///etc/passwd').join()).toContain('not an http:// or https:// URL');
    expect(problems('ipa-api-url=javascript:alert(1)').join()).toContain('not an http');
    expect(problems('quiet').join()).toContain('no Ironic API to call');
  });

  it('refuses control characters and never echoes a bad token', () => {
    expect(problems(API, { FERRO_AGENT_GLOBAL_REQUEST_ID: 'req\u001b[2Jx' }).join()).toContain('control characters');
    const found = problems(`${API} ipa-agent-token=bad"token"with-quotes!`).join('\n');
    expect(found).toContain('agentToken');
    expect(found).not.toContain('with-quotes');
  });

  it('reads a very long hostile command line without trouble', () => {
    // ipa-api-url sits beyond the 64 KiB read, so it is ignored: the agent says there is no API to call.
    expect(problems(`${'junk=1 '.repeat(20_000)}${API}`).join()).toContain('no Ironic API to call');
    expect(load(`${'junk=1 '.repeat(5_000)}${API}`).apiUrls).toEqual(['http://10.0.0.1:6385']);
  });
});

describe('parseAgentArgs', () => {
  it('maps flags onto option keys and keeps secrets off the command line', () => {
    const parsed = parseAgentArgs(
      ['--api-urls', 'http://x:1', '--no-tls', '--lookup-timeout-s', '5', '--cmdline', '/tmp/c'],
      '1.2.3',
    );
    expect(parsed).toEqual({
      kind: 'run',
      args: { flags: { apiUrls: 'http://x:1', tls: false, lookupTimeoutS: '5' }, cmdlinePath: '/tmp/c' },
    });
    expect(parseAgentArgs(['--agent-token', 'x'], '1').kind).toBe('exit');
  });

  it('answers --version without running', () => {
    expect(parseAgentArgs(['--version'], '1.2.3')).toEqual({ kind: 'exit', code: 0, output: '1.2.3\n' });
  });
});
