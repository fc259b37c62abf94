import { describe, expect, it } from 'vitest';
import { InvalidParameterValue } from '../../core/index.js';
import { ipxeBaseUrl, ipxeImagePath, ipxeKernelParams, ipxeText, ipxeUrl } from './ipxe-safe-text.js';

describe('ipxeUrl', () => {
  it('keeps ordinary URLs as they are, IPv6 hosts and query strings included', () => {
    expect(ipxeUrl('http://10.0.0.1:8088/images/ipa.kernel?v=2&x=1', 'u')).toBe('http://10.0.0.1:8088/images/ipa.kernel?v=2&x=1');
    expect(ipxeUrl('http://[fd00::1]:8088/k', 'u')).toBe('http://[fd00::1]:8088/k');
  });

  it('encodes every character iPXE would read as syntax, and drops the fragment', () => {
    const url = ipxeUrl("https://h/a b/${x}|'\"\\;#frag", 'u');
    expect(url).toBe('https://h/a%20b/%24%7Bx%7D%7C%27%22/%3B');
    expect(url).not.toMatch(/[\s${}|'"\\;#]/);
  });

  it('refuses what is not an http(s) URL, naming the value', () => {
    expect(() => ipxeUrl('tftp://h/k', 'deploy_kernel of node n')).toThrow(/deploy_kernel of node n must be an http or https URL/);
    expect(() => ipxeUrl('not a url', 'x')).toThrow(InvalidParameterValue);
  });

  it('strips trailing slashes from base URLs', () => {
    expect(ipxeBaseUrl('http://h:8088///', 'b')).toBe('http://h:8088');
  });
});

describe('ipxeKernelParams', () => {
  it('splits on spaces and tabs and accepts common kernel parameters', () => {
    expect(ipxeKernelParams(' console=ttyS0,115200n8\tip=dhcp  root=UUID=ab-12 ipa-debug=1 ', 'p')).toEqual(['console=ttyS0,115200n8', 'ip=dhcp', 'root=UUID=ab-12', 'ipa-debug=1']);
  });

  it('refuses newlines, quotes, $ and braces, pipes, ampersands and semicolons', () => {
    for (const bad of ['a\nb', 'a="b"', 'x=$y', 'x={y}', '|', '||', 'a&b', 'a;b', "a='b'", 'a\\b']) {
      expect(() => ipxeKernelParams(bad, 'p'), JSON.stringify(bad)).toThrow(InvalidParameterValue);
    }
  });
});

describe('ipxeText and ipxeImagePath', () => {
  it('turns unsafe characters into ? and bounds the length', () => {
    expect(ipxeText('node-1 (rack 4)')).toBe('node-1 (rack 4)');
    expect(ipxeText('a\n${b}||c;d"e')).toBe('a???b???c?d?e');
    expect(ipxeText('x'.repeat(500))).toHaveLength(128);
  });

  it('encodes each segment of a relative path and refuses ways out of the root', () => {
    expect(ipxeImagePath('ipa/deploy kernel+v1', 'p')).toBe('ipa/deploy%20kernel%2Bv1');
    for (const bad of ['', '/abs', '../x', 'a/../b', 'a/./b', 'a//b', 'a\\b', 'a\0b']) {
      expect(() => ipxeImagePath(bad, 'p'), JSON.stringify(bad)).toThrow(InvalidParameterValue);
    }
  });
});
