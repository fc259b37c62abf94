export * from './hardware-types.js';
export * from './driver-registry.js';
