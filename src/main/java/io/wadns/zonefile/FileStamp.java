package io.wadns.zonefile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a file looked like when it was read: device and inode, size, and the modification and change
 * times. The change time (ctime) moves on every write and every rename into place, and no program can set
 * it back (on local file systems; FUSE ones such as sshfs report what their server says), so a file with the same stamp as before holds the same bytes, with one exception handled by
 * {@link #settledBefore}: two writes within one tick of the file system's clock leave one stamp (the
 * "racy clean" case of git's index). Where the platform gives no change time (no {@code unix} attribute
 * view), there is no stamp and files are always read.
 *
 * @param device the device the file is on
 * @param inode its inode
 * @param size its size in bytes
 * @param modified its modification time, in nanoseconds since the epoch
 * @param changed its change time, in nanoseconds since the epoch
 * @param regular whether it is a regular file (not a device, a FIFO or a folder)
 */
record FileStamp(long device, long inode, long size, long modified, long changed, boolean regular) {
  private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime,isRegularFile";

  /** The stamp of {@code file} now (following links, as reading it does), or null if there is none. */
  static FileStamp of(Path file) {
    if (!UNIX) {
      return null;
    }
    FileStamp stamp = read(file);
    if (stamp == null || stamp.enoughWithoutOpen(file)) {
      return stamp;
    }
    // An NFS client may answer stat() from attributes cached for up to a minute, but revalidates them
    // on open (close-to-open consistency), as the reads before stamps did.
    try (FileChannel opened = FileChannel.open(file)) {
      // nothing read
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return null; // not there now, or not readable: the read that follows says why
    }
    return read(file);
  }

  /** The stamp of {@code file} from one {@code stat}, never opened (null if there is none): see {@link #of}. */
  static FileStamp statOnly(Path file) {
    return UNIX ? read(file) : null;
  }

  /**
   * True when this stamp, taken by {@link #statOnly}, is one {@link #of} would take too: not a regular file
   * (never opened: opening a FIFO blocks until something writes to it), or one on a file system that needs
   * no open before its attributes can be trusted.
   */
  boolean enoughWithoutOpen(Path file) {
    return !regular || !CachedAttributes.openFirst(file, device);
  }

  private static FileStamp read(Path file) {
    if (UnixStat.AVAILABLE) {
      try {
        FileStamp stamp = UnixStat.read(file);
        if (stamp != null) {
          return stamp;
        }
      } catch (IOException | SecurityException e) {
        return null; // not there, or not readable: the read that follows says why
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // a file system without POSIX attributes: the view says whether it has a stamp
      }
    }
    return viewed(file);
  }

  /** As {@link #read}, through the {@code unix} attribute view, which names what it returns. */
  static FileStamp viewed(Path file) {
    try {
      Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES);
      if (a.get("dev") instanceof Long device && a.get("ino") instanceof Long inode
          && a.get("size") instanceof Long size && a.get("lastModifiedTime") instanceof FileTime modified
          && a.get("ctime") instanceof FileTime changed && a.get("isRegularFile") instanceof Boolean regular) {
        return new FileStamp(device, inode, size, nanos(modified), nanos(changed), regular);
      }
      return null;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return null; // not there, or not readable: the read that follows says why
    }
  }

  /**
   * True when the file's last change came at least {@code marginNanos} before {@code readStartNanos} (the
   * wall clock when its bytes began to be read): then no later write can share this stamp, since it would
   * have moved the change time past the read. The margin covers file systems whose clock ticks coarsely
   * (a second on some) and a little skew between the file system's clock and this one.
   */
  boolean settledBefore(long readStartNanos, long marginNanos) {
    return Math.max(changed, modified) < readStartNanos - marginNanos;
  }

  /**
   * Written out rather than left to the record: a reload compares 10,000 stamps, often before the JIT has
   * compiled anything, and the record's generated equals runs through method handles that cost several
   * times these comparisons until then.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof FileStamp s && device == s.device && inode == s.inode && size == s.size
        && modified == s.modified && changed == s.changed && regular == s.regular;
  }

  @Override
  public int hashCode() {
    long h = device * 31 + inode;
    h = h * 31 + size;
    h = h * 31 + modified;
    h = h * 31 + changed;
    return Long.hashCode(h) * 31 + (regular ? 1 : 0);
  }

  /** Saturating: a time set far in the future reads as Long.MAX_VALUE, which never settles. */
  static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }
}
