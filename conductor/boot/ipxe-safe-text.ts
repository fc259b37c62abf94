import { InvalidParameterValue } from '../../core/index.js';

// iPXE reads a script line by line, splits it on whitespace, expands `${…}` settings anywhere in a token and
// treats `||`, `&&` and a leading `#` or `:` specially. A value from the database (node name, URL, kernel
// parameters) must therefore never carry whitespace, a newline, `$`, braces, quotes or `|`/`&` runs into a
// script: these functions pass a closed set of characters through and encode or refuse everything else.

/** Characters not left as they are in a URL: each is percent-encoded byte by byte. */
const URL_ENCODE = /[^A-Za-z0-9\-._~:/?=&%+,@[\]]/gu;
/** One kernel parameter: `key=value` or a bare flag, no quoting (iPXE has none to offer). */
const KERNEL_PARAM = /^[A-Za-z0-9\-._~:/=,+@%[\]]+$/;
/** Characters not shown as they are in `echo` lines and comments. */
const TEXT_HIDE = /[^A-Za-z0-9 ._:@()/+=,-]/gu;

function percentEncode(char: string): string {
  return [...new TextEncoder().encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * An absolute http(s) URL made safe to place in an iPXE command: normalised by WHATWG URL parsing, then every
 * character outside a small set percent-encoded (so `$`, `{`, `|`, quotes and spaces cannot reach iPXE).
 * Throws InvalidParameterValue naming `what` for anything that is not an http(s) URL.
 */
export function ipxeUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidParameterValue(`${what} is not a URL: ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidParameterValue(`${what} must be an http or https URL, not ${JSON.stringify(value)}.`);
  }
  url.hash = '';
  return url.href.replace(URL_ENCODE, percentEncode);
}

/** A base URL (`http://host:port/prefix`) without its trailing slashes, checked like `ipxeUrl`. */
export function ipxeBaseUrl(value: string, what: string): string {
  return ipxeUrl(value, what).replace(/\/+$/, '');
}

/**
 * Kernel parameters split into words, each checked against a closed character set. Throws
 * InvalidParameterValue naming `what` and the offending word: a hostile value is refused, never rewritten,
 * because a silently changed kernel command line is worse than a clear error.
 */
export function ipxeKernelParams(value: string, what: string): string[] {
  const words = value.split(/[ \t]+/).filter((word) => word !== '');
  for (const word of words) {
    if (!KERNEL_PARAM.test(word)) {
      throw new InvalidParameterValue(
        `${what} contains ${JSON.stringify(word)}; kernel parameters may only use letters, digits and - . _ ~ : / = , + @ % [ ] (no quotes, spaces inside values, $ or braces).`,
      );
    }
  }
  return words;
}

/** Free text (a node name) for `echo` lines and comments: unsafe characters become `?`, at most 128 shown. */
export function ipxeText(value: string): string {
  return value.slice(0, 128).replace(TEXT_HIDE, '?');
}

/** A path below the image root (`deploy/ipa.kernel`) encoded per segment; refuses `..`, absolute paths, NUL. */
export function ipxeImagePath(value: string, what: string): string {
  const segments = value.split('/');
  const bad = value === '' || value.startsWith('/') || value.includes('\0') || value.includes('\\') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    throw new InvalidParameterValue(
      `${what} must be an http(s) URL or a relative path under the boot servers' image root, not ${JSON.stringify(value)}.`,
    );
  }
  return segments.map((segment) => encodeURIComponent(segment).replace(URL_ENCODE, percentEncode)).join('/');
}
