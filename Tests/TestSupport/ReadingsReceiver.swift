import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// A loopback receiver for the agent's readings batches (`POST /ingest`, NDJSON) that dedupes as a billing system
/// would: by host and `seq`, counting every reading it is sent again. Its answer is set by `mode`, to play an upstream
/// that is down in each way, then back.
public final class ReadingsReceiver: Sendable {
    public enum Mode: Sendable, Equatable {
        /// 200 for every batch.
        case accept
        /// 503 with `Retry-After: seconds`.
        case unavailable(retryAfter: Int)
        /// Never answers while in this mode (then 503, once the mode changes).
        case hang
        /// 413 for batches of more than `limit` readings, 200 for the others.
        case tooLarge(limit: Int)
    }

    /// What has arrived.
    public struct Tally: Sendable {
        /// Readings stored once, by (host, seq).
        public var readings: [String: Set<Int64>] = [:]
        /// Readings sent again after they had been stored.
        public var duplicates = 0
        /// Requests, whatever was answered.
        public var requests = 0
        /// Idempotency keys of the batches answered 200.
        public var keys: [String] = []
        /// Requests whose Idempotency-Key, Fleet-Host or seq headers disagreed with the body.
        public var inconsistent = 0
        /// Authorization headers seen.
        public var authorizations: Set<String> = []
        /// When each request arrived.
        public var arrivals: [ContinuousClock.Instant] = []
    }

    private let state = Mutex<(mode: Mode, tally: Tally)>((.accept, Tally()))
    private let task = Mutex<Task<Void, any Error>?>(nil)

    public init(mode: Mode = .accept) {
        state.withLock { $0.mode = mode }
    }

    public var mode: Mode {
        get { state.withLock { $0.mode } }
        set { state.withLock { $0.mode = newValue } }
    }

    public var tally: Tally { state.withLock { $0.tally } }

    /// Listens on 127.0.0.1:`port` (0: any free port) until `stop()`; returns the bound port.
    public func start(port: Int = 0) async throws -> Int {
        let router = Router()
        router.post("/ingest") { request, _ -> Response in
            await self.answer(request)
        }
        let (bound, resume) = AsyncStream.makeStream(of: Int.self)
        var quiet = Logger(label: "readings-receiver")
        quiet.logLevel = .critical  // its stop by cancellation is expected, not worth an error line
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                resume.yield(channel.localAddress?.port ?? 0)
                resume.finish()
            }, logger: quiet)
        task.withLock { $0 = Task { try await app.runService() } }
        for await port in bound { return port }
        throw ReceiverError.didNotStart
    }

    public func stop() {
        mode = .accept
        task.withLock { $0?.cancel() }
    }

    private func answer(_ request: Request) async -> Response {
        state.withLock { $0.tally.arrivals.append(.now) }
        // A receiver that hangs, then recovers and stores what it was sent after the sender gave up on the answer:
        // the sender sends it again, which a deduping receiver counts as a duplicate and does not store twice.
        while mode == .hang {
            try? await Task.sleep(for: .milliseconds(50))
            if Task.isCancelled { break }
        }
        let body = (try? await request.body.collect(upTo: 64 << 20)).map { String(buffer: $0) } ?? ""
        let lines = body.split(separator: "\n")
        let host = request.headers[HTTPField.Name("Fleet-Host")!] ?? ""
        let key = request.headers[HTTPField.Name("Idempotency-Key")!] ?? ""
        return state.withLock { state in
            state.tally.requests += 1
            if let authorization = request.headers[.authorization] { state.tally.authorizations.insert(authorization) }
            switch state.mode {
            case .unavailable(let seconds):
                return Response(status: .serviceUnavailable, headers: [.retryAfter: String(seconds)])
            case .hang:
                return Response(status: .serviceUnavailable)
            case .tooLarge(let limit) where lines.count > limit:
                return Response(status: .contentTooLarge)
            case .accept, .tooLarge:
                break
            }
            var seqs: [Int64] = []
            for line in lines {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let seq = (object["seq"] as? NSNumber)?.int64Value, object["host"] as? String == host
                else {
                    state.tally.inconsistent += 1
                    return Response(status: .badRequest)
                }
                seqs.append(seq)
            }
            if key != "\(host):\(seqs.first ?? -1)-\(seqs.last ?? -1)" { state.tally.inconsistent += 1 }
            for seq in seqs where state.tally.readings[host, default: []].insert(seq).inserted == false {
                state.tally.duplicates += 1
            }
            state.tally.keys.append(key)
            return Response(status: .ok)
        }
    }

    enum ReceiverError: Error { case didNotStart }
}
