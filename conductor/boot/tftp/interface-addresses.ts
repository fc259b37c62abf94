import { networkInterfaces } from 'node:os';

/**
 * The IPv4 addresses of the named interfaces. Listening on each of them (rather than 0.0.0.0) makes
 * every reply leave from the address the client asked, which PXE ROMs check.
 */
export function interfaceAddresses(names: readonly string[]): string[] {
  const all = networkInterfaces();
  return names.flatMap((name) => {
    const found = all[name];
    if (found === undefined) throw new Error(`TFTP interface ${name} does not exist`);
    const v4 = found.filter((a) => a.family === 'IPv4').map((a) => a.address);
    if (v4.length === 0) throw new Error(`TFTP interface ${name} has no IPv4 address`);
    return v4;
  });
}
