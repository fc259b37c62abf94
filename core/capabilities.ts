/**
 * Ironic's node capabilities string, `properties.capabilities = "k1:v1,k2:v2"` (ironic/common/utils.py
 * get_updated_capabilities): pairs are kept in order, an updated key keeps its place, new keys go last.
 */
export function updateCapabilities(capabilities: string | undefined, updates: Readonly<Record<string, string>>): string {
  const pairs: Array<[string, string]> = [];
  for (const part of (capabilities ?? '').split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    pairs.push(colon < 0 ? [trimmed, ''] : [trimmed.slice(0, colon), trimmed.slice(colon + 1)]);
  }
  for (const [key, value] of Object.entries(updates)) {
    const existing = pairs.find(([k]) => k === key);
    if (existing) existing[1] = value;
    else pairs.push([key, value]);
  }
  return pairs.map(([k, v]) => `${k}:${v}`).join(',');
}
