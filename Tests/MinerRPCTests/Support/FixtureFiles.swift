import Foundation
import TestSupport

/// Recorded miner replies: `Fixtures/miners/<folder>/<file>` in the package, else the shared corpus beside the clone
/// (`../shared/corpus/asic/<folder>/<file>`), which holds the same bytes under the same names.
enum FixtureFiles {
    static let folders: [URL] = [
        PackagePaths.fixture("miners"),
        PackagePaths.root.appendingPathComponent("../shared/corpus/asic").standardized,
    ]

    /// The bytes of one recorded reply.
    static func bytes(_ folder: String, _ file: String) throws -> [UInt8] {
        for root in folders {
            let url = root.appendingPathComponent(folder).appendingPathComponent(file)
            if let data = FileManager.default.contents(atPath: url.path) { return Array(data) }
        }
        throw MissingFixture(path: "\(folder)/\(file)")
    }

    /// Every corpus 4028 reply (`*.json`, `*.txt` minus requests, HTTP and metadata files: device captures and the
    /// vendor documentation examples), as `folder/file` names.
    static func allReplies() -> [String] {
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

    static func bytes(_ name: String) throws -> [UInt8] {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        return try bytes(parts[0], parts[1])
    }

    struct MissingFixture: Error, CustomStringConvertible {
        var path: String
        var description: String { "fixture \(path) not found in Fixtures/miners or ../shared/corpus/asic" }
    }
}

/// A seeded PRNG (SplitMix64) so that every fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
