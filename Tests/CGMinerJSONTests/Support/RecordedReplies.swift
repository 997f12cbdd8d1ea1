import TestSupport

/// Every recorded reply of the corpus (`FixtureFiles.allReplies()`), read once for all the engine's tests.
enum RecordedReplies {
    static let all: [(name: String, bytes: [UInt8])] = FixtureFiles.allReplies().compactMap { name in
        (try? FixtureFiles.bytes(name)).map { (name, $0) }
    }
}
