import CGMinerJSON
import Testing

/// Every recorded reply parses but the one recorded cut short; the ones that are not strict JSON are the ones the
/// repair rules name.
@Suite struct CorpusParsingTests {
    @Test func onlyTheTruncatedExcerptFailsToParse() {
        var failures: [String] = []
        for (name, bytes) in RecordedReplies.all {
            do {
                _ = try CGMinerJSON.parse(bytes)
            } catch {
                guard case .truncated = error else {
                    Issue.record("\(name): \(error)")
                    continue
                }
                failures.append(name)
            }
        }
        #expect(failures == ["antminer-d3-cgminer-blissz/summary+stats+pools.TRUNCATED-excerpt.txt"])
    }

    @Test func onlyTheKnownFilesNeedRepair() {
        var repaired: [String: CGMinerJSON.Repairs] = [:]
        for (name, bytes) in RecordedReplies.all {
            guard let repairs = try? CGMinerJSON.parse(bytes).repairs else { continue }
            if !repairs.isEmpty { repaired[name] = repairs }
        }
        #expect(
            repaired == [
                "antminer-s9-bmminer/stats.json": .missingComma,
                "antminer-s9k-cgminer/version.json": .trailingBytes,
            ])
    }
}
