import FleetCore
import Foundation
import Ledger
import Synchronization
import TestSupport
import Testing
import Uplink

@Suite(.timeLimit(.minutes(2))) struct ReadingsUplinkTests {
    /// Runs an uplink to `port` until `body` returns; the lags it reported come back with `body`'s result.
    private func withUplink<T>(
        _ stock: StockedLedger, port: Int, batchLimit: Int = 40, timeout: Duration = .milliseconds(500),
        token: String? = nil, _ body: (_ lags: () -> [Int64]) async throws -> T
    ) async throws -> (T, lags: [Int64]) {
        let lags = Mutex<[Int64]>([])
        let uplink = ReadingsUplink(
            ledger: stock.ledger, host: StockedLedger.host,
            poster: HTTPBatchPoster(
                url: URL(string: "http://127.0.0.1:\(port)/ingest")!, timeout: timeout, token: token),
            idleWait: .milliseconds(100), batchLimit: batchLimit,
            backoff: DeliveryBackoff(first: .milliseconds(50), longest: .milliseconds(400)),
            onLag: { lag in lags.withLock { $0.append(lag) } })
        let task = Task { try await uplink.run() }
        defer { task.cancel() }
        let result = try await body { lags.withLock { $0 } }
        task.cancel()
        _ = try? await task.value
        return (result, lags.withLock { $0 })
    }

    private func waitUntil(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test func anUpstreamDownEveryWayThenBackGetsEveryReadingOnceAndTheCursorHolds() async throws {
        let stock = try await StockedLedger(cycles: 30, devices: 5)
        defer { Task { await stock.remove() } }
        var refusing: RefusingPort? = try RefusingPort()
        let port = refusing!.port
        let receiver = ReadingsReceiver(mode: .unavailable(retryAfter: 1))
        defer { receiver.stop() }
        // Attempts get 2 s: under load a 503 answered after a 500 ms timeout was taken for a timeout, and the next
        // attempt came after the short backoff instead of the Retry-After (CI saw two arrivals 0.16 s apart).
        let (_, lags) = try await withUplink(stock, port: port, timeout: .seconds(2)) { reported in
            // Refused: nothing moves, the lag is everything stored.
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await stock.ledger.reader.uplinkCursor(sink: ReadingsUplink.sink) == 0)
            refusing = nil
            _ = try await receiver.start(port: port)
            // 503 with Retry-After: 1: asked again no sooner than a second later.
            #expect(try await waitUntil(10) { receiver.tally.requests >= 2 })
            let arrivals = receiver.tally.arrivals
            #expect(arrivals[1] - arrivals[0] >= .milliseconds(900))
            // Hanging: each attempt gives up at its timeout; the ledger meanwhile stores more.
            receiver.mode = .hang
            try await stock.add(cycles: 10, devices: 5, from: 30)
            try await Task.sleep(for: .milliseconds(2500))
            #expect(try await stock.ledger.reader.uplinkCursor(sink: ReadingsUplink.sink) == 0)
            receiver.mode = .accept
            #expect(try await waitUntil(20) { receiver.tally.readings[StockedLedger.host]?.count == 200 })
            #expect(
                try await waitUntil(5) { try await stock.ledger.reader.uplinkCursor(sink: ReadingsUplink.sink) == 200 })
            // The lag is reported after the cursor moves: wait for that report, not just the cursor.
            #expect(try await waitUntil(5) { reported().last == 0 })
        }
        let tally = receiver.tally
        #expect(tally.readings[StockedLedger.host] == Set(1...200))
        #expect(tally.inconsistent == 0)
        #expect(tally.keys.allSatisfy { $0.hasPrefix("\(StockedLedger.host):") })
        #expect(lags.first == 150)
        #expect(lags.last == 0)
        // A restart resumes from the persisted cursor: nothing already acknowledged is sent again.
        let before = tally.requests
        _ = try await withUplink(stock, port: port) { _ in try await Task.sleep(for: .milliseconds(500)) }
        #expect(receiver.tally.requests == before)
    }

    @Test func aRefusalAsTooLargeHalvesTheBatchUntilItFits() async throws {
        let stock = try await StockedLedger(cycles: 8, devices: 8)
        defer { Task { await stock.remove() } }
        let receiver = ReadingsReceiver(mode: .tooLarge(limit: 10))
        defer { receiver.stop() }
        let port = try await receiver.start()
        // A generous timeout: an answer that comes late under load would be sent again, which this test does not
        // exercise (the outage test does).
        _ = try await withUplink(stock, port: port, batchLimit: 64, timeout: .seconds(10)) { _ in
            let delivered = try await waitUntil(20) { receiver.tally.readings[StockedLedger.host]?.count == 64 }
            #expect(delivered)
        }
        let tally = receiver.tally
        #expect(tally.readings[StockedLedger.host] == Set(1...64))
        #expect(tally.duplicates == 0)
        // Every accepted batch held at most 10 readings (64 → 32 → 16 → 8).
        for key in tally.keys {
            let range = key.split(separator: ":").last!.split(separator: "-").compactMap { Int64($0) }
            #expect(range[1] - range[0] + 1 <= 10, "batch \(key)")
        }
    }

    @Test func theTokenIsSentAsABearer() async throws {
        let stock = try await StockedLedger(cycles: 1, devices: 2)
        defer { Task { await stock.remove() } }
        let receiver = ReadingsReceiver()
        defer { receiver.stop() }
        let port = try await receiver.start()
        _ = try await withUplink(stock, port: port, token: "s3cret-token-0123456789") { _ in
            let delivered = try await waitUntil(10) { receiver.tally.readings[StockedLedger.host]?.count == 2 }
            #expect(delivered)
        }
        #expect(receiver.tally.authorizations == ["Bearer s3cret-token-0123456789"])
    }
}
