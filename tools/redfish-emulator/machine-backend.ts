/**
 * A real machine behind one ComputerSystem (the QMP backend drives a QEMU VM). Without one, power and boot live
 * only in the emulator's resources.
 */
export interface MachineBackend {
  /** The ComputerSystem URI this machine is. */
  readonly systemPath: string;
  readPowerState(): Promise<'On' | 'Off'>;
  /** Powers on; `boot` is the override target for this boot (`Pxe`, `Hdd`…), undefined for the default order. */
  powerOn(boot: BootRequest | undefined): Promise<void>;
  powerOff(): Promise<void>;
  /** ACPI power button: the guest decides whether to shut down. */
  shutdown(): Promise<void>;
  reset(boot: BootRequest | undefined): Promise<void>;
  nmi(): Promise<void>;
  /** A boot override was set while the machine runs (it takes effect at the next reset). */
  setBootOverride(boot: BootRequest | undefined): Promise<void>;
}

/** The boot device for the next boot: a BootSourceOverrideTarget, and whether it is for this boot only. */
export interface BootRequest {
  readonly target: string;
  readonly once: boolean;
}
