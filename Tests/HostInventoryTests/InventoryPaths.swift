import Foundation
import TestSupport

/// Paths for the inventory tests: the package's fixtures and fresh temporary folders.
enum InventoryPaths {
    static func pci(_ name: String) -> String { PackagePaths.fixture("pci/" + name).path }
    static func usb(_ name: String) -> String { PackagePaths.fixture("usb/" + name).path }
    static func gpus(_ name: String) -> String { PackagePaths.fixture("gpus/" + name).path }

    static func temporaryDirectory() throws -> String { try PackagePaths.temporaryDirectory("inventory").path }

    /// Writes `text` to a new temporary file and returns its path.
    static func file(_ text: String, name: String = "input") throws -> String {
        let path = try temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
