// The kernel command line is how the conductor configures a ramdisk it boots (IPA reads /proc/cmdline the
// same way: ironic_python_agent/utils.py get_agent_params). It is untrusted text: anyone who edits a PXE
// config or a virtual-media ISO controls it, so it is parsed without eval and bounded in size.

/** Longest command line read; Linux caps it at a few KiB (COMMAND_LINE_SIZE 2048 on x86, 4096 elsewhere). */
const MAX_CMDLINE_CHARS = 65_536;

/**
 * Splits a kernel command line into `key -> value`. Words without `=` get the value `''` (a bare flag such as
 * `ipa-debug`). Double quotes group a value with spaces (`key="a b"`), as the kernel's own parser does. When a
 * key repeats, the last one wins, as in IPA.
 */
export function parseKernelCmdline(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const line = text.slice(0, MAX_CMDLINE_CHARS);
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line.charAt(i))) i++;
    if (i >= line.length) break;
    let word = '';
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line.charAt(i)))) {
      const c = line.charAt(i);
      if (c === '"') quoted = !quoted;
      else word += c;
      i++;
    }
    const eq = word.indexOf('=');
    if (eq === 0) continue; // "=value" names nothing
    if (eq < 0) params.set(word, '');
    else params.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return params;
}

/**
 * BOOTIF as PXELINUX/iPXE write it (`01-aa-bb-cc-dd-ee-ff`: ARP type 1, then the MAC) or a plain MAC, as a
 * lower-case colon-separated MAC; undefined when it is neither.
 */
export function parseBootif(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  const withType = /^01-((?:[0-9a-f]{2}-){5}[0-9a-f]{2})$/.exec(trimmed);
  const bare = withType?.[1] ?? trimmed;
  if (!/^(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/.test(bare)) return undefined;
  return bare.replaceAll('-', ':');
}
