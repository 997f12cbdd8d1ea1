import FleetCore
import Foundation
import Testing

@testable import Ledger

@Suite("readers")
struct ReaderTests {
    @Test("a read-only reader pages every reading, in order and without holes, while the writer writes")
    func readOnlyWhileWriting() async throws {
        try await ScratchLedger.with { ledger, scratch in
            try await ledger.append(cycle: Make.cycle(at: 0, [Make.miner("asic:m0", at: 0, powerW: 1)]))
            let reader = try await LedgerReader.open(path: scratch.path)
            let cycles = 40
            let perCycle = 50
            let total = 1 + cycles * perCycle
            async let written: Void = {
                for n in 1...cycles {
                    let t = Double(n) * 10
                    try await ledger.append(
                        cycle: Make.cycle(at: t, (1...perCycle).map { Make.miner("asic:m\($0)", at: t, powerW: 100) }))
                }
            }()
            var seqs: [Int64] = []
            var cursor: Int64 = 0
            let deadline = Date().addingTimeInterval(60)
            while seqs.count < total, Date() < deadline {
                let page = try await reader.readings(after: cursor, limit: 64)
                seqs += page.compactMap(\.seq)
                cursor = page.last?.seq ?? cursor
                if page.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
            }
            try await written
            #expect(seqs == (1...Int64(total)).map { $0 })
        }
    }

    @Test("devices() gives each device's latest reading")
    func latestPerDevice() async throws {
        try await ScratchLedger.with { ledger, _ in
            for t in [0.0, 10] {
                try await ledger.append(
                    cycle: Make.cycle(
                        at: t, [Make.miner("asic:b", at: t, powerW: 100 + t), Make.gpu("gpu:a", at: t, counterJ: t)]))
            }
            let latest = try await ledger.reader.devices()
            #expect(latest.map(\.device.description) == ["asic:b", "gpu:a"])
            #expect(latest.map(\.seq) == [3, 4])
            #expect(latest.first?.powerW == 110)
        }
    }

    @Test("the stored JSON line carries seq, the register and its epoch under the schema's names")
    func storedLine() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await ledger.append(cycle: Make.cycle(at: 0, [Make.gpu("gpu:a", at: 0, counterJ: 5000, powerW: 300)]))
            try await ledger.append(cycle: Make.cycle(at: 10, [Make.gpu("gpu:a", at: 10, counterJ: 8000, powerW: 300)]))
            let line = try #require(try await ledger.reader.readingLines(after: 1, limit: 1).first)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.json.utf8)) as? [String: Any])
            #expect(object["seq"] as? Int == 2)
            #expect(object["energy_j"] as? Double == 3000)
            #expect(object["energy_epoch"] as? String == "1")
            #expect(object["device"] as? String == "gpu:a")
        }
    }

    @Test("a reader cannot open a file that does not exist")
    func readerNeedsFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)").path
        await #expect {
            try await LedgerReader.open(path: path)
        } throws: { error in
            guard case .cannotOpen(let named, _) = error as? LedgerError else { return false }
            return named == path
        }
    }
}
