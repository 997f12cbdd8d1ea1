import AgentServer
import FleetCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import Prometheus
import Synchronization
import TestSupport
import Testing

/// The HTTP API through Hummingbird's own test client: routes, bad parameters, the bearer token.
@Suite struct APIServerTests {
    /// A ledger stand-in: readings with seq 1...n, and the energy request it was asked.
    final class StubLedger: LedgerQueries {
        let stored: [Reading]
        let asked = Mutex<EnergyRequest?>(nil)

        init(count: Int) {
            stored = (1...count).map { n in
                var r = Reading(
                    time: Timestamp(millisecondsSinceEpoch: 1_796_000_000_000 + Int64(n) * 10_000), host: "h",
                    device: .asic(endpoint: "10.0.0.1:4028"), kind: .asic, address: "10.0.0.1:4028")
                r.seq = Int64(n)
                r.powerW = 3000 + Double(n)
                return r
            }
        }

        func readingLines(after seq: Int64, limit: Int) async throws -> [ReadingLine] {
            stored.filter { $0.seq! > seq }.prefix(limit).map {
                ReadingLine(seq: $0.seq!, json: ReadingOutput.jsonLine($0))
            }
        }

        /// Two entries: a verified GPU limit and a miner's failed sleep.
        func auditEntries(after id: Int64, limit: Int) async throws -> [AuditEntry] {
            let entries = [
                AuditEntry(
                    id: 1, time: Timestamp(millisecondsSinceEpoch: 1_796_000_000_000), device: "gpu:GPU-1",
                    action: "set_limit", from: "400 W", to: "250 W", reason: "firm devices lowered together",
                    planVersion: "sha256:0123456789ab", verifiedValue: "250 W", outcome: "verified"),
                AuditEntry(
                    id: 2, time: Timestamp(millisecondsSinceEpoch: 1_796_000_000_500), device: "asic:10.0.0.1:4028",
                    action: "sleep", from: "running", to: "asleep", reason: "asleep: 0 W left; unreachable: refused",
                    planVersion: "sha256:0123456789ab", verifiedValue: nil, outcome: "failed"),
            ]
            return Array(entries.filter { $0.id! > id }.prefix(limit))
        }

        func energy(_ request: EnergyRequest) async throws -> IntervalExport.Encoded {
            asked.withLock { $0 = request }
            return IntervalExport.Encoded(
                request.format == .csv ? "device,tenant,start,end,energy_j,avg_w,peak_w,coverage,quality\n" : "[]")
        }
    }

    static func app(
        token: BearerToken? = nil, host: String = "127.0.0.1", ledger: StubLedger = StubLedger(count: 5),
        plans: (any PlanAccess)? = nil
    )
        -> some ApplicationProtocol
    {
        let registry = PrometheusCollectorRegistry()
        let latest = LatestReadings()
        latest.update(ledger.stored.suffix(1))
        DeviceMetrics(registry: registry).update(ledger.stored.suffix(1))
        let server = APIServer(
            settings: .init(host: host, port: 0, token: token, openReads: false), registry: registry, latest: latest,
            ledger: ledger, plans: plans,
            health: { HealthReport(status: "ok", cycles: 3, overruns: 0, storeFailures: 0, lastCycleSeconds: 0.4) })
        return server.application(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func token() throws -> BearerToken {
        let file = try PackagePaths.temporaryDirectory("token").appendingPathComponent("token")
        try "0123456789abcdef0123\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        return try BearerToken.load(path: file.path)
    }

    @Test func readingsArePagedByCursorAsNDJSON() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/v1/readings?after=2&limit=2", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson")
                #expect(response.headers[HTTPField.Name("Next-After")!] == "4")
                let lines = String(buffer: response.body).split(separator: "\n")
                #expect(lines.count == 2)
                let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
                #expect(first?["seq"] as? Int == 3 && first?["power_w"] as? Double == 3003)
            }
            try await client.execute(uri: "/v1/readings?after=5", method: .get) { response in
                #expect(response.status == .ok && response.body.readableBytes == 0)
                #expect(response.headers[HTTPField.Name("Next-After")!] == "5", "the cursor stays where it was")
            }
        }
    }

    @Test(arguments: [
        ("/v1/readings?after=-1", "after must be a sequence number"),
        ("/v1/readings?limit=0", "limit must be a whole number from 1 to 10000"),
        ("/v1/readings?afterr=3", "unknown parameter 'afterr'"),
        ("/v1/energy?from=2026-12-01T00:00:00Z", "to must be an RFC 3339 time"),
        ("/v1/energy?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from must be before to"),
        ("/v1/energy?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&step=10m", "step must be a whole number of 15"),
        ("/v1/energy?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&format=xml", "format must be csv or json"),
        ("/v1/energy?from=2026-02-31T00:00:00Z&to=2026-12-02T00:00:00Z", "from must be an RFC 3339 time"),
    ])
    func badParametersGet400WithAReason(uri: String, reason: String) async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(reason), "\(String(buffer: response.body))")
            }
        }
    }

    @Test func energyPassesTheCheckedRequestToTheLedger() async throws {
        let ledger = StubLedger(count: 1)
        try await Self.app(ledger: ledger).test(.router) { client in
            let uri = "/v1/energy?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&step=1h&format=csv&tenant=acme"
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: response.body).hasPrefix("device,tenant,start,end,energy_j"))
            }
        }
        let asked = try #require(ledger.asked.withLock { $0 })
        #expect(asked.step == .seconds(3600) && asked.format == .csv && asked.tenant == "acme")
        #expect(asked.from.rfc3339 == "2026-12-01T00:00:00.000Z")
    }

    @Test func metricsDevicesAndHealthAreServed() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body).contains(#"fleet_device_power_watts{device="asic:10.0.0.1:4028""#))
            }
            try await client.execute(uri: "/v1/devices", method: .get) { response in
                #expect(String(buffer: response.body).contains(#""device":"asic:10.0.0.1:4028""#))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(String(buffer: response.body).contains(#""cycles":3"#))
            }
        }
    }

    @Test func writesNeedTheTokenAndReadsBeyondLoopbackToo() async throws {
        let token = try Self.token()
        try await Self.app(token: token).test(.router) { client in
            try await client.execute(uri: "/v1/plan", method: .put) { response in
                #expect(response.status == .unauthorized)
            }
            let bearer: HTTPFields = [.authorization: "Bearer 0123456789abcdef0123"]
            try await client.execute(uri: "/v1/plan", method: .put, headers: bearer) { response in
                #expect(response.status == .notFound, "authorized, and no such route yet")
            }
        }
        try await Self.app(token: token, host: "0.0.0.0").test(.router) { client in
            try await client.execute(uri: "/v1/devices", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            let wrong: HTTPFields = [.authorization: "Bearer 0123456789abcdef0124"]
            try await client.execute(uri: "/v1/devices", method: .get, headers: wrong) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func aTokenFileOthersCanReadIsRefused() throws {
        let file = try PackagePaths.temporaryDirectory("token").appendingPathComponent("token")
        try "0123456789abcdef0123\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o644)
        #expect(throws: BearerToken.LoadError.self) { try BearerToken.load(path: file.path) }
        chmod(file.path, 0o600)
        try "short\n".write(to: file, atomically: false, encoding: .utf8)
        #expect(throws: BearerToken.LoadError.self) { try BearerToken.load(path: file.path) }
    }
}
