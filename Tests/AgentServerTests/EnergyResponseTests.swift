import AgentServer
import FleetCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import Prometheus
import TestSupport
import Testing

/// `/v1/energy` over a real ledger: an answer of several megabytes, sent chunk by chunk, arrives whole, with its
/// length, and is the ledger's own export of the rows.
@Suite struct EnergyResponseTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_796_083_200_000)  // 2026-12-01T00:00:00Z

    /// Two days of 15-minute cycles for 60 miners: 11,520 rows, about 2.7 MB of JSON.
    static func ledger(in folder: URL) async throws -> Ledger {
        let ledger = try await Ledger.open(path: folder.appendingPathComponent("ledger.sqlite").path)
        for n in 0...192 {
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(n) * 900_000)
            let readings = (0..<60).map { index in
                var reading = Reading(
                    time: time, host: "h", device: .asic(endpoint: "10.0.0.\(index):4028"), kind: .asic,
                    address: "10.0.0.\(index):4028")
                reading.powerW = 3000 + Double(index) + Double(n % 7) / 3
                reading.powerQuality = .reported
                reading.tenant = "tenant-\(index % 3)"
                return CycleReading(reading)
            }
            try await ledger.append(cycle: PollCycle(time: time, interval: .seconds(900), readings: readings))
        }
        return ledger
    }

    @Test func aLargeAnswerIsSentWholeInChunks() async throws {
        let folder = try PackagePaths.temporaryDirectory("energy-api")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try await Self.ledger(in: folder)
        let end = Timestamp(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch + 2 * 86_400_000)
        let rows = try await ledger.reader.intervals(from: Self.start, to: end)
        let expected = IntervalExport.json(rows)
        let encoded = try await LedgerAPI(reader: ledger.reader).energy(
            EnergyRequest(from: Self.start, to: end, step: .seconds(900), format: .json))
        #expect(rows.count == 60 * 192)
        #expect(encoded.chunkCount > 2, "\(encoded.count) bytes")
        let server = APIServer(
            settings: .init(host: "127.0.0.1", port: 0, token: nil, openReads: false),
            registry: PrometheusCollectorRegistry(), latest: LatestReadings(), ledger: LedgerAPI(reader: ledger.reader),
            health: { HealthReport(status: "ok", cycles: 0, overruns: 0, storeFailures: 0, lastCycleSeconds: 0) })
        let app = server.application(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.router) { client in
            let uri = "/v1/energy?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z&format=json"
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == "\(expected.utf8.count)")
                #expect(String(buffer: response.body) == expected)
            }
        }
        try await ledger.close()
    }
}
