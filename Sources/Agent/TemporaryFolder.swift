import Foundation

/// A folder in the temporary directory that lives as long as this object: removed by `remove()` or when the object is
/// released. (A process that ends by a signal releases nothing: whoever handles the signal removes the folder first,
/// by its `path`.)
public final class TemporaryFolder: Sendable {
    public let path: String

    /// Where the folder `name` is, made or not.
    public static func path(named name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(name).path
    }

    /// Makes the folder at `path`.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Removes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit {
        remove()
    }
}
