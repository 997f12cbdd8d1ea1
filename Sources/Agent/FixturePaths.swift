import Foundation
import NVML

/// Finds the bundled `Fixtures/` folder: the given one, else `./Fixtures`, else one beside or above the executable.
public enum FixturePaths {
    public static func root(_ explicit: String?) throws -> URL {
        let fm = FileManager.default
        if let explicit {
            guard fm.fileExists(atPath: explicit) else { throw FixturePathError(path: explicit) }
            return URL(fileURLWithPath: explicit, isDirectory: true)
        }
        var candidates = [URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Fixtures")]
        // The running executable's folder (/proc/self/exe): argv[0] is a bare name when started from PATH.
        let executable = FakeNVMLLocator.executableDirectory() ?? fm.currentDirectoryPath
        var dir = URL(fileURLWithPath: executable, isDirectory: true)
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Fixtures"))
            candidates.append(dir.appendingPathComponent("share/fleet-agent/Fixtures"))
            dir = dir.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: { fm.fileExists(atPath: $0.appendingPathComponent("miners").path) })
        else { throw FixturePathError(path: candidates[0].path) }
        return found
    }
}

public struct FixturePathError: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "no fixtures folder at \(path) (run from the repository root or pass --fixtures DIR)"
    }
}
