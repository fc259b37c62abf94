// What a requested filename may look like before any source sees it. Names are relative to the source's
// root; PXE ROMs and iPXE ask for plain relative names (`undionly.kpxe`, `<uuid>/config`).

/** The name to serve, or the reason it is refused (ERROR 2, access violation). */
export type CheckedName =
  { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string };

/**
 * Refuses NUL and control characters, backslashes, absolute paths and any `..` segment, so that no
 * spelling of a name can leave the root; symlinks are the directory source's job (realpath).
 */
export function checkRequestName(name: string): CheckedName {
  if (name.length === 0) return { ok: false, reason: 'empty filename' };
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: 'control character in filename' };
  if (name.includes('\\')) return { ok: false, reason: 'backslash in filename' };
  if (name.startsWith('/')) return { ok: false, reason: 'absolute path' };
  const segments = name.split('/');
  if (segments.includes('..')) return { ok: false, reason: "'..' in filename" };
  const clean = segments.filter((s) => s !== '' && s !== '.');
  if (clean.length === 0) return { ok: false, reason: 'filename names no file' };
  return { ok: true, name: clean.join('/') };
}
