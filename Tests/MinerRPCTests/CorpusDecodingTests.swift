import TestSupport
import Testing

@testable import MinerRPC

/// Every corpus 4028 reply decodes (device captures, plus the vendor documentation examples the corpus keeps as such:
/// `docs-example-*`, `*-docs-examples`) into a reply object, or fails as the recording says it should.
@Suite struct CorpusDecodingTests {
    /// Recorded replies that are errors or incomplete by nature.
    static let expectedFailures: Set<String> = [
        "antminer-d3-cgminer-blissz/summary+stats+pools.TRUNCATED-excerpt.txt",
        "antminer-s9-bmminer/issue-cryptoGlance-49.config.ERROR-access-denied.json",
        "whatsminer-m30s-btminer/ERROR.cmd-form-pools+summary+edevs.json",
    ]

    @Test func corpusIsFound() {
        #expect(FixtureFiles.allReplies().count >= 40)
    }

    @Test(arguments: FixtureFiles.allReplies())
    func recordedReplyDecodes(_ name: String) throws {
        let bytes = try FixtureFiles.bytes(name)
        let command = String(name.split(separator: "/")[1].split(separator: ".")[0])
        if Self.expectedFailures.contains(name) {
            #expect(throws: CGMinerError.self) { try CGMinerDecoder.decode(command: command, bytes: bytes) }
        } else {
            let reply = try CGMinerDecoder.decode(command: command, bytes: bytes + [0])
            #expect(reply.body.objectValue?.isEmpty == false)
        }
    }
}
