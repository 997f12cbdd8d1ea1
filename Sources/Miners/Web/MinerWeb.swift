import AsyncHTTPClient
import MinerRPC
import NIOCore
import NIOHTTP1

/// A miner's web interface as the web controls use it: one request at a time, each with its own deadline, replies
/// read up to a size cap. Failures are `MinerControlError`s that name the address and path, never a credential.
/// AsyncHTTPClient retries a refused connection until the deadline unless its configuration sets
/// `connectionPool.retryConnectionEstablishment = false`; either way a miner that is down ends as `.unreachable`.
public struct MinerWeb: Sendable {
    public var address: MinerAddress
    public var http: HTTPClient
    /// The deadline of each request, answer included (ASIC-APIS.md §5: a few seconds, never pyasic's 100 s).
    public var timeout: Duration
    /// The most reply bytes read; a longer reply is `.malformed`.
    public var maxReplyBytes: Int

    public init(
        address: MinerAddress, http: HTTPClient, timeout: Duration = .seconds(10), maxReplyBytes: Int = 256 * 1024
    ) {
        self.address = address
        self.http = http
        self.timeout = timeout
        self.maxReplyBytes = maxReplyBytes
    }

    /// One answer: status, headers, body.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// `http://host:port` (IPv6 hosts in brackets).
    public var base: String {
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        return "http://\(host):\(address.port)"
    }

    /// Sends one request and reads its answer. Any status comes back as a reply; only no answer (refused, reset,
    /// past the deadline) throws `.unreachable`, and a reply over the cap throws `.malformed`.
    public func send(
        _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws(MinerControlError) -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(timeout))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: deadline)
        } catch {
            throw .unreachable("\(address.host):\(address.port) \(path): \(Self.describe(error))")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: maxReplyBytes)
        } catch is NIOTooManyBytesError {
            throw .malformed("\(address.host):\(address.port) \(path): reply over \(maxReplyBytes) bytes")
        } catch {
            throw .unreachable("\(address.host):\(address.port) \(path): reply cut short: \(Self.describe(error))")
        }
        return Reply(
            status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded { return "no answer before the deadline" }
        return String(describing: error)
    }
}
