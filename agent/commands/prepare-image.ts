import type { JsonObject, JsonValue, Logger } from '../../core/index.js';
import { rootDeviceHints, type Dispatcher } from '../hardware-managers/dispatcher.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import type { WriteImageResult } from '../image/write-image.js';

/** What writing an image needs. */
export interface PrepareImageDeps {
  dispatcher: Dispatcher;
  writeImage(imageInfo: JsonObject, targetPath: string, ctx: ManagerContext): Promise<WriteImageResult>;
  log: Logger;
}

/**
 * standby.prepare_image and the write_image step (IPA standby.py): picks the install device through the
 * hardware managers (root device hints from the node, or the software RAID device), streams the image onto
 * it and reports IPA's result message plus Ferro's measurements.
 */
export async function prepareImage(
  deps: PrepareImageDeps,
  imageInfo: JsonObject,
  configdrive: JsonValue | undefined,
  ctx: ManagerContext,
): Promise<JsonObject> {
  const manager = deps.dispatcher.first('getOsInstallDevice');
  if (manager?.getOsInstallDevice === undefined) throw new Error('no hardware manager can choose an install device');
  const device = await manager.getOsInstallDevice(rootDeviceHints(ctx.node));
  const id = typeof imageInfo['id'] === 'string' ? imageInfo['id'] : 'unknown';
  ctx.progress(`write_image: writing image ${id} to ${device.name}`);
  const written = await deps.writeImage(imageInfo, device.name, ctx);
  ctx.progress(
    `write_image: done, ${Math.round(written.bytesWritten / 1_048_576)} MiB written in ${written.seconds.toFixed(1)} s`,
  );
  const result: JsonObject = {
    result: `prepare_image: image (${id}) written to device ${device.name}`,
    root_device: device.name,
    image: { ...written, checksum: { ...written.checksum } },
  };
  if (hasConfigdrive(configdrive)) {
    // IPA writes a config drive partition after the image; Ferro does not yet (see agent/README.md).
    deps.log.warn({ device: device.name }, 'a config drive was sent but is not written: not supported yet');
    result['configdrive'] = 'not written: config drives are not supported by this agent yet';
  }
  return result;
}

function hasConfigdrive(value: JsonValue | undefined): boolean {
  return (
    value !== undefined &&
    value !== null &&
    value !== '' &&
    !(typeof value === 'object' && Object.keys(value).length === 0)
  );
}
