import Foundation

/// Finds the bundled `Fixtures/` folder: the given one, else `./Fixtures`, else one beside or above the executable.
enum FixturePaths {
    static func root(_ explicit: String?) throws -> URL {
        let fm = FileManager.default
        if let explicit {
            guard fm.fileExists(atPath: explicit) else { throw FixturePathError(path: explicit) }
            return URL(fileURLWithPath: explicit, isDirectory: true)
        }
        var candidates = [URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Fixtures")]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
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

struct FixturePathError: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "no fixtures folder at \(path) (run from the repository root or pass --fixtures DIR)"
    }
}
