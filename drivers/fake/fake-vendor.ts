import { InvalidParameterValue, type JsonValue, type NodeRef } from '../../core/index.js';
import type { DriverContext, VendorInterface, VendorMethod } from '../interfaces/index.js';

/** `fake` vendor passthru: Ironic's fake methods, which echo their arguments. */
export class FakeVendor implements VendorInterface {
  validate(): void {}

  getRoutes(): Record<string, VendorMethod> {
    const method = (description: string, async: boolean): VendorMethod => ({
      http_methods: ['POST'], description, async, attach: false, require_exclusive_lock: true,
    });
    return { first_method: method('Test if the value of bar is baz', true), second_method: method('Test if the value of bar is kazoo', true),
      third_method_sync: method('Test if the value of bar is meow', false) };
  }

  async call(node: NodeRef, method: string, _httpMethod: string, args: JsonValue, ctx: DriverContext): Promise<JsonValue> {
    ctx.signal.throwIfAborted();
    if (!(method in this.getRoutes())) throw new InvalidParameterValue(`Unsupported method (${method}) passed to node ${node.uuid}.`);
    return Promise.resolve({ method, args });
  }
}
