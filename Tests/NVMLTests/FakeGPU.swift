import Foundation
import NVML
import TestSupport
import Testing

/// Test access to FakeNVML: every test gets its own copy of the library (own state, own settings file).
enum FakeGPU {
    /// The package root.
    static let packageRoot = PackagePaths.root.path

    static func fixture(_ name: String) -> String { PackagePaths.fixture("gpus/" + name).path }

    /// The build products folder: the test runner sits in it, next to libFakeNVML.so (any --scratch-path).
    static func productsDirectory() throws -> String {
        let directory = try #require(FakeNVMLLocator.executableDirectory(), "cannot read /proc/self/exe")
        _ = try #require(
            FakeNVMLLocator.defaultPath(executableDirectory: directory),
            "libFakeNVML.so is not in \(directory); build the package first (swift build)")
        return directory
    }

    /// A fresh folder under the build folder's temporary area.
    static func temporaryDirectory() throws -> String { try PackagePaths.temporaryDirectory("nvml").path }

    /// Copies FakeNVML (or the old-driver variant) into a new folder with `settings` and returns the copy's path.
    static func instance(_ settings: FakeNVMLSettings, oldDriver: Bool = false) throws -> String {
        let library = try #require(
            FakeNVMLLocator.besideExecutable(oldDriver: oldDriver),
            "FakeNVML is not beside the test runner; build the package first (swift build)")
        return try FakeNVMLLocator.makeInstance(library: library, in: try temporaryDirectory(), settings: settings)
    }

    /// Loads a private FakeNVML replaying `fixtures`.
    static func load(
        _ fixtures: [String], journal: String? = nil, lost: [Int] = [], noPermission: Bool = false,
        oldDriver: Bool = false
    ) throws -> NVMLLibrary {
        let settings = FakeNVMLSettings(
            fixtures: fixtures.map(fixture), journal: journal, lost: lost, noPermission: noPermission)
        return try NVMLLibrary.load(path: try instance(settings, oldDriver: oldDriver))
    }

    static func lines(of path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
