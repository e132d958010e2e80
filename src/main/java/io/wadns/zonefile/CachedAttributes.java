package io.wadns.zonefile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which devices hold file systems whose clients answer {@code stat()} from attributes cached for a while
 * (NFS caches them up to a minute, {@code acregmax}) and revalidate them only when a file is opened
 * (close-to-open consistency, RFC 7530 §10.3.1). A file there must be opened before its stamp is taken, or
 * a file changed on another machine looks unchanged. On a local file system the open adds nothing but two
 * system calls, which for 10,000 zone files are a good part of a reload.
 *
 * <p>Known local types are trusted; every other type (overlay too, whose lower layer may be NFS), and a
 * device whose type cannot be found, is opened first. The answer for a device is kept for
 * {@link #KEPT_NANOS}: a device number can be given to another file system after an unmount, and a mount
 * made since is seen within that time. It is kept only when the file is still on that device once its
 * type is known (a link re-pointed in between must not give one device another's type).
 */
final class CachedAttributes {
  /** File systems whose attributes always come from the kernel's own inode (Linux {@code /proc/mounts} names). */
  private static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "zfs", "f2fs", "squashfs", "erofs", "vfat", "exfat", "ntfs3", "jfs", "reiserfs", "bcachefs",
      "nilfs2", "iso9660", "udf", "hfsplus", "devtmpfs");
  private static final long KEPT_NANOS = 10_000_000_000L;

  private record Known(boolean openFirst, long since) {}

  private static final ConcurrentHashMap<Long, Known> BY_DEVICE = new ConcurrentHashMap<>();

  private CachedAttributes() {}

  /** True when {@code file}, on {@code device}, must be opened before its attributes can be trusted. */
  static boolean openFirst(Path file, long device) {
    long now = System.nanoTime();
    Known known = BY_DEVICE.get(device);
    if (known == null || now - known.since() > KEPT_NANOS) {
      String type = type(file);
      if (!onDevice(file, device)) {
        return true; // gone or moved since its stat: opened, and the device asked about again next time
      }
      known = new Known(!LOCAL.contains(type), now);
      BY_DEVICE.put(device, known);
    }
    return known.openFirst();
  }

  /**
   * Takes {@code openFirst} as the answer for {@code device} (or forgets it, when null): tests stand in with
   * it for a file system they cannot mount.
   */
  static void assume(long device, Boolean openFirst) {
    if (openFirst == null) {
      BY_DEVICE.remove(device);
    } else {
      BY_DEVICE.put(device, new Known(openFirst, System.nanoTime()));
    }
  }

  private static boolean onDevice(Path file, long device) {
    try {
      return Files.getAttribute(file, "unix:dev") instanceof Long now && now == device;
    } catch (IOException | SecurityException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The type of the file system holding {@code file} (links followed), or "" when it cannot be found. */
  private static String type(Path file) {
    try {
      return Files.getFileStore(file).type().toLowerCase(Locale.ROOT);
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return "";
    }
  }
}
