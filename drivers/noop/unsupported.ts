import { UnsupportedDriverExtension, type NodeRef } from '../../core/index.js';

/** Ironic's error for a disabled or absent interface (exception.UnsupportedDriverExtension). */
export function unsupported(node: Pick<NodeRef, 'driver'>, extension: string): UnsupportedDriverExtension {
  return new UnsupportedDriverExtension(`Driver ${node.driver} does not support ${extension} (disabled or not implemented).`);
}

/** A method body that rejects with `unsupported`. */
export function rejectUnsupported(node: Pick<NodeRef, 'driver'>, extension: string): Promise<never> {
  return Promise.reject(unsupported(node, extension));
}
