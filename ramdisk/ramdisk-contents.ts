// What goes into the deploy ramdisk, as data: Debian packages, the programs taken from them, kernel modules.
// The agent shells out to these programs (IPA's hardware managers call the same tools: lsblk, mdadm, sgdisk,
// wipefs, ipmitool, dmidecode …); anything busybox also provides is taken from the real package when the
// agent parses its output or needs options busybox lacks.

/** Programs to copy out of one Debian package (looked up in bin, sbin, usr/bin, usr/sbin of that package). */
export interface PackagePrograms {
  package: string;
  programs: readonly string[];
}

/** The programs of the image, by package. */
export const PROGRAMS: readonly PackagePrograms[] = [
  // lsblk -J/-P drives disk discovery; wipefs/blkdiscard erase metadata (IPA erase_devices_metadata/express).
  {
    package: 'util-linux',
    programs: ['lsblk', 'wipefs', 'blkdiscard', 'blockdev', 'fallocate', 'blkid', 'findmnt', 'partx', 'mkswap'],
  },
  { package: 'mount', programs: ['losetup', 'mount', 'umount'] },
  { package: 'fdisk', programs: ['sfdisk'] },
  { package: 'mdadm', programs: ['mdadm'] },
  { package: 'gdisk', programs: ['sgdisk'] },
  { package: 'e2fsprogs', programs: ['mke2fs', 'mkfs.ext4', 'e2fsck', 'tune2fs'] },
  { package: 'dosfstools', programs: ['mkfs.fat', 'mkfs.vfat', 'fsck.fat'] },
  // Partition images on UEFI: the agent registers the image's GRUB in NVRAM (IPA _run_efibootmgr).
  { package: 'efibootmgr', programs: ['efibootmgr'] },
  { package: 'nvme-cli', programs: ['nvme'] },
  { package: 'hdparm', programs: ['hdparm'] },
  { package: 'ipmitool', programs: ['ipmitool'] },
  { package: 'zstd', programs: ['zstd'] },
  { package: 'xz-utils', programs: ['xz'] },
  { package: 'dmidecode', programs: ['dmidecode'] },
  { package: 'ethtool', programs: ['ethtool'] },
];

/** qemu-img, only with `--qemu-img`: the image writer reads qcow2 itself; this adds glib and friends. */
export const QEMU_IMG: PackagePrograms = { package: 'qemu-utils', programs: ['qemu-img'] };

/** Packages fetched besides the programs' own: the kernel, static busybox, and the C/C++ runtime Node loads. */
export const BASE_PACKAGES = ['linux-image-amd64', 'busybox-static', 'libc6', 'libstdc++6', 'libgcc-s1'] as const;

/**
 * Kernel modules always included (with their dependencies). NICs and storage controllers of common servers
 * and of QEMU; software RAID (IPA's create_configuration builds md arrays); loop and vfat/ext4 for image and
 * bootloader work; IPMI to read the BMC address (IPA's get_bmc_address uses ipmitool lan print); efivarfs
 * for UEFI boot entries (efibootmgr-style work).
 */
export const MODULES = [
  'virtio_pci',
  'virtio_net',
  'virtio_blk',
  'virtio_scsi',
  'e1000',
  'e1000e',
  'igb',
  'ixgbe',
  'ahci',
  'ata_piix',
  'sd_mod',
  'sr_mod',
  'nvme',
  'raid0',
  'raid1',
  'raid10',
  'raid456',
  'dm_mod',
  'loop',
  'vfat',
  'nls_cp437',
  'nls_ascii',
  'nls_utf8',
  'nls_iso8859_1',
  'ext4',
  'ipmi_si',
  'ipmi_devintf',
  'efivarfs',
  // libcrc32c (raid456, ext4 metadata checksums) asks the crypto API for "crc32c": a soft dependency by alias.
  'crc32c_generic',
  'crc32c_intel',
] as const;

/** Included when the kernel has them: bigger NIC drivers (mlx5_core alone is ~2 MB with its dependencies). */
export const OPTIONAL_MODULES = ['i40e', 'mlx5_core', 'bnxt_en', 'virtio_rng', 'megaraid_sas', 'mpt3sas'] as const;
