import Foundation

/// Where the package's files are, for every test target: found from this file's own path, so any build folder works.
public enum PackagePaths {
    /// The package root (the folder holding Package.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Fixtures/<relative>`: `fixture("gpus/rtx-4090.gpu")`, `fixture("miners")`.
    public static func fixture(_ relative: String) -> URL {
        root.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// A new, empty folder under the system's temporary folder, named after `purpose`.
    public static func temporaryDirectory(_ purpose: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fleet-agent-\(purpose)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
