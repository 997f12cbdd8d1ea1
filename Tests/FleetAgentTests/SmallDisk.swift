import Foundation

/// A size-limited tmpfs mounted over a folder (root only), so that what is stored there runs out of space for real
/// (`ENOSPC`, which SQLite reports as `SQLITE_FULL`): filled to the last byte with a ballast file, emptied again.
struct SmallDisk {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let folder: URL
    var ballast: URL { folder.appendingPathComponent("ballast") }

    /// Mounts a tmpfs of `size` (`mount`'s syntax: `8m`) over `folder`, hiding what it held.
    static func mount(over folder: URL, size: String) async throws -> SmallDisk {
        let mounted = try await Shell.run("mount -t tmpfs -o size=\(size),mode=0755 fleet-agent-test '\(folder.path)'")
        guard mounted.status == 0 else {
            throw Failure(
                description: "cannot mount a tmpfs over \(folder.path) (this test needs root allowed to mount, "
                    + "CAP_SYS_ADMIN in a container): \(mounted.output)")
        }
        return SmallDisk(folder: folder)
    }

    /// Bytes still free.
    func available() throws -> Int {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: folder.path)
        return (attributes[.systemFreeSize] as? NSNumber)?.intValue ?? -1
    }

    /// Writes the ballast file until the disk refuses (`dd` stops at `ENOSPC`); throws unless no byte is left free.
    func fill() async throws {
        _ = try await Shell.run("dd if=/dev/zero of='\(ballast.path)' bs=4k")
        let left = try available()
        guard left == 0 else { throw Failure(description: "\(left) bytes still free after the ballast") }
    }

    /// Deletes the ballast: the space is free again.
    func empty() throws {
        try FileManager.default.removeItem(at: ballast)
    }

    /// Unmounts; lazily (detached now, released when the last file on it closes) when something still holds it open,
    /// such as an agent killed a moment ago. Blocking, for a `defer`.
    func unmount() {
        _ = try? Shell.runBlocking("umount '\(folder.path)' 2>/dev/null || umount -l '\(folder.path)'")
    }
}
