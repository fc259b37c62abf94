import { BaremetalError } from '../../core/index.js';

// The failures of writing an image, named after IPA's (ImageDownloadError, ImageChecksumError, InvalidImage,
// ImageWriteError) so that an operator reading last_error recognises them. The agent reports them as
// command_error {type: name, code: status, message}; the conductor copies the message into last_error.

/** No URL of the image could be downloaded: names the URL and the HTTP status or socket error. */
export class ImageDownloadError extends BaremetalError {
  readonly code = 'ImageDownloadError';
  readonly status = 500;
}

/** The downloaded bytes do not hash to the expected value; the first MiB of the target has been wiped. */
export class ImageChecksumMismatch extends BaremetalError {
  readonly code = 'ImageChecksumMismatch';
  readonly status = 500;
  constructor(
    readonly algorithm: string,
    readonly expected: string,
    readonly actual: string,
    note: string,
  ) {
    super(`Image checksum mismatch: ${algorithm} expected ${expected}, got ${actual}; ${note}`);
  }
}

/**
 * The image or its image_info is refused before (or instead of) writing: unknown or forbidden format, qcow2
 * backing file or data file (Ironic's deep image inspection), too large for the target, no usable checksum.
 */
export class InvalidImage extends BaremetalError {
  readonly code = 'InvalidImage';
  readonly status = 400;
}

/** Writing to the target failed (I/O error, decompressor or qemu-img exit code, abort). */
export class ImageWriteError extends BaremetalError {
  readonly code = 'ImageWriteError';
  readonly status = 500;
}
