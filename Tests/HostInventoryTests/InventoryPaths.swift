import Foundation

/// Paths for the inventory tests: the package's fixtures and fresh temporary folders.
enum InventoryPaths {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func pci(_ name: String) -> String { packageRoot + "/Fixtures/pci/" + name }
    static func usb(_ name: String) -> String { packageRoot + "/Fixtures/usb/" + name }
    static func gpus(_ name: String) -> String { packageRoot + "/Fixtures/gpus/" + name }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "fleet-agent-inventory-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func file(_ text: String, name: String = "input") throws -> String {
        let path = try temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
