import Foundation

/// Recorded miner replies: `Fixtures/miners/<folder>/<file>` in the package, else the shared corpus beside the clone
/// (`../shared/corpus/asic/<folder>/<file>`), which holds the same bytes under the same names.
public enum FixtureFiles {
    public static let folders: [URL] = [
        PackagePaths.fixture("miners"),
        PackagePaths.root.appendingPathComponent("../shared/corpus/asic").standardized,
    ]

    /// The bytes of one recorded reply.
    public static func bytes(_ folder: String, _ file: String) throws -> [UInt8] {
        for root in folders {
            let url = root.appendingPathComponent(folder).appendingPathComponent(file)
            if let data = FileManager.default.contents(atPath: url.path) { return Array(data) }
        }
        throw MissingFixture(path: "\(folder)/\(file)")
    }

    /// Every corpus 4028 reply (`*.json`, `*.txt` minus requests, HTTP and metadata files: device captures and the
    /// vendor documentation examples), as `folder/file` names.
    public static func allReplies() -> [String] {
        let fm = FileManager.default
        for root in folders {
            guard let folders = try? fm.contentsOfDirectory(atPath: root.path), !folders.isEmpty else { continue }
            var names: [String] = []
            for folder in folders.sorted() where !folder.hasSuffix("-http") && !folder.contains("apiv3") {
                let files = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
                for file in files.sorted() where isReply(file) { names.append("\(folder)/\(file)") }
            }
            return names
        }
        return []
    }

    private static func isReply(_ file: String) -> Bool {
        (file.hasSuffix(".json") || file.hasSuffix(".txt")) && file != "fixture.json" && !file.contains("REQUEST")
            && !file.hasPrefix("cgi-bin")
    }

    /// The bytes of one recorded reply named `folder/file`, as `allReplies()` names them.
    public static func bytes(_ name: String) throws -> [UInt8] {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        return try bytes(parts[0], parts[1])
    }

    /// A recorded reply found in neither folder.
    public struct MissingFixture: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "fixture \(path) not found in Fixtures/miners or ../shared/corpus/asic" }
    }
}
