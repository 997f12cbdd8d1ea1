import AsyncHTTPClient
import FleetCore
import Foundation
import NIOCore

/// Posts batches of readings to the configured `readings_url`: `POST` with `Content-Type: application/x-ndjson`, the
/// batch's `Idempotency-Key` (`HOST:FIRST-LAST`), `Fleet-Host`, `Fleet-Seq-First` and `Fleet-Seq-Last`, and a bearer
/// token when the config names one. Each attempt, answer included, must end within `timeout`: a receiver that hangs
/// costs one timeout, never a cycle.
public struct HTTPBatchPoster: BatchPoster {
    public let url: URL
    public let timeout: Duration
    private let token: String?
    private let client: HTTPClient

    public init(url: URL, timeout: Duration, token: String? = nil, client: HTTPClient = .shared) {
        self.url = url
        self.timeout = timeout
        self.token = token
        self.client = client
    }

    public func post(_ batch: ReadingBatch) async -> BatchDelivery {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.headers.add(name: "Idempotency-Key", value: batch.idempotencyKey)
        request.headers.add(name: "Fleet-Host", value: batch.host)
        request.headers.add(name: "Fleet-Seq-First", value: String(batch.seqs.lowerBound))
        request.headers.add(name: "Fleet-Seq-Last", value: String(batch.seqs.upperBound))
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: batch.body))
        let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(timeout))
        do {
            let response = try await client.execute(request, deadline: deadline)
            // Read what the receiver says (bounded) so the connection can be reused, and to quote it in the log.
            let said = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            switch response.status.code {
            case 200..<300:
                return .delivered
            case 413:
                return .tooLarge
            default:
                let reason = "\(url.absoluteString) answered \(response.status.code) \(response.status.reasonPhrase)"
                return .failed(
                    reason: said.isEmpty ? reason : "\(reason): \(Self.excerpt(said))",
                    retryAfter: RetryAfter.wait(response.headers.first(name: "Retry-After")))
            }
        } catch {
            return .failed(reason: "\(url.absoluteString): \(Self.describe(error))", retryAfter: nil)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The first line of a receiver's answer, at most 200 characters, control characters escaped.
    private static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return VisibleText.escaping(line.count > 200 ? String(line.prefix(200)) + "…" : line)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded { return "no answer before the deadline" }
        return String(describing: error)
    }
}
