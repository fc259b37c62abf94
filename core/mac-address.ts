const MAC = /^([0-9a-f]{2})([:-]?)([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i;

/** A MAC address in Ironic's canonical form (lower case, colon separated), or undefined if malformed. */
export function parseMacAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = MAC.exec(value.trim());
  if (!m) return undefined;
  return [m[1], m[3], m[4], m[5], m[6], m[7]].join(':').toLowerCase();
}
