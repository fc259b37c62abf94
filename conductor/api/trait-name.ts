/** os-traits namespaces; a name in one of them is treated as a standard trait. */
const STANDARD_PREFIXES = ['HW_', 'COMPUTE_', 'STORAGE_', 'MISC_', 'OWNER_', 'ACCELERATOR_'];
const CUSTOM = /^CUSTOM_[A-Z0-9_]+$/;
const STANDARD = /^[A-Z][A-Z0-9_]*$/;

/** A standard os-traits name or `CUSTOM_[A-Z0-9_]+`, at most 255 characters (ironic api/utils.py). */
export function isValidTrait(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) return false;
  if (CUSTOM.test(value)) return true;
  return STANDARD.test(value) && STANDARD_PREFIXES.some((prefix) => value.startsWith(prefix));
}

/** Ironic's message for a bad trait. */
export function invalidTraitMessage(value: unknown): string {
  return `Invalid trait '${String(value)}'. A valid trait must be no longer than 255 characters. Standard traits are ` +
    'defined in the os_traits library. A custom trait must start with the prefix CUSTOM_ and use the following ' +
    'characters: A-Z, 0-9 and _';
}
