import FleetCore
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import NIOCore
import Prometheus

/// The agent's HTTP API on Hummingbird 2: `GET /metrics` (Prometheus text), `GET /v1/readings?after=&limit=`
/// (NDJSON, the next cursor in `Next-After`), `GET /v1/energy?from=&to=&step=&format=&device=&tenant=`,
/// `GET /v1/devices`, `GET /v1/actions?after=&limit=` (the audit log, NDJSON), `GET /v1/plan` and `PUT /v1/plan`
/// (the site plan in force; a plan that fails its check is answered 422 with every problem, and the plan in force
/// stays), `GET /healthz`. Bad parameters get 400 with a reason. Writes need the bearer token; reads
/// need it too unless the API listens on loopback or `open_reads` allows them.
public struct APIServer: Sendable {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        /// Writes are refused when nil.
        public var token: BearerToken?
        /// Whether reads are served without the token when the API listens beyond loopback.
        public var openReads: Bool

        public init(host: String, port: Int, token: BearerToken?, openReads: Bool) {
            self.host = host
            self.port = port
            self.token = token
            self.openReads = openReads
        }

        /// Reads are open on loopback, or when the config opens them.
        var readsNeedToken: Bool { !openReads && !["127.0.0.1", "::1", "localhost"].contains(host) }
    }

    public let settings: Settings
    public let registry: PrometheusCollectorRegistry
    public let latest: LatestReadings
    public let ledger: any LedgerQueries
    /// The cycle counters `/healthz` reports.
    public let health: @Sendable () -> HealthReport
    /// The plan store behind `/v1/plan`; nil: those routes answer 404.
    public let plans: (any PlanAccess)?

    /// The largest plan `PUT /v1/plan` takes.
    static let maxPlanBytes = 1 << 20

    public init(
        settings: Settings, registry: PrometheusCollectorRegistry, latest: LatestReadings, ledger: any LedgerQueries,
        plans: (any PlanAccess)? = nil, health: @escaping @Sendable () -> HealthReport
    ) {
        self.settings = settings
        self.registry = registry
        self.latest = latest
        self.ledger = ledger
        self.plans = plans
        self.health = health
    }

    /// The Hummingbird application (a `Service`): run it in the agent's service group. `onRunning` gets the bound
    /// port (useful with port 0).
    public func application(
        logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        -> some ApplicationProtocol
    {
        let router = Router()
        router.add(middleware: ReadAccess(settings: settings))
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ in
            try Self.json(health())
        }
        router.get("v1/devices") { _, _ in
            Self.ndjson(latest.all.map(ReadingOutput.jsonLine), next: nil)
        }
        router.get("v1/readings") { request, _ in
            let page: (after: Int64, limit: Int)
            do throws(QueryParameters.Invalid) {
                page = try QueryParameters.page(Self.query(request))
            } catch {
                throw Self.badRequest(error.reason)
            }
            let lines = try await ledger.readingLines(after: page.after, limit: page.limit)
            return Self.ndjson(lines.map(\.json), next: lines.last?.seq ?? page.after)
        }
        router.get("v1/actions") { request, _ in
            let page: (after: Int64, limit: Int)
            do throws(QueryParameters.Invalid) {
                page = try QueryParameters.page(Self.query(request))
            } catch {
                throw Self.badRequest(error.reason)
            }
            let entries = try await ledger.auditEntries(after: page.after, limit: page.limit)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let lines = try entries.map { String(decoding: try encoder.encode(AuditLine($0)), as: UTF8.self) }
            return Self.ndjson(lines, next: entries.last?.id ?? page.after)
        }
        router.get("v1/plan") { _, _ in
            guard let plan = await plans?.current() else {
                throw Self.failure(.notFound, #"{"error":"no plan is in force"}"#)
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            headers[HTTPField.Name("Plan-Version")!] = plan.version
            headers[HTTPField.Name("Plan-Source")!] = plan.source
            headers[HTTPField.Name("Plan-Accepted")!] = plan.acceptedAt.rfc3339
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: plan.text)))
        }
        router.put("v1/plan") { request, _ in
            guard let plans else { throw Self.failure(.notFound, #"{"error":"this agent takes no plan"}"#) }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maxPlanBytes)
            } catch {
                throw Self.failure(.contentTooLarge, #"{"error":"a plan is at most 1 MiB"}"#)
            }
            guard let text = body.getString(at: body.readerIndex, length: body.readableBytes), !text.isEmpty else {
                throw Self.badRequest("the body must be the plan's YAML, UTF-8")
            }
            switch await plans.replace(text) {
            case .accepted(let plan, let persisted):
                return try Self.json(PlanAccepted(version: plan.version, source: plan.source, persisted: persisted))
            case .rejected(let problems):
                return try Self.json(
                    PlanRejected(error: "plan rejected", problems: problems), status: .unprocessableContent)
            }
        }
        router.get("v1/energy") { request, _ in
            let energy: EnergyRequest
            do throws(QueryParameters.Invalid) {
                energy = try QueryParameters.energy(Self.query(request))
            } catch {
                throw Self.badRequest(error.reason)
            }
            let body: IntervalExport.Encoded
            do {
                body = try await ledger.energy(energy)
            } catch let refused as QueryRefused {
                throw Self.badRequest(refused.reason)
            }
            var headers = HTTPFields()
            headers[.contentType] = energy.format == .csv ? "text/csv; charset=utf-8" : "application/json"
            return Response(status: .ok, headers: headers, body: Self.body(body))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "fleet-agent"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The encoded answer, chunk by chunk: each copied into a buffer of its own as it is sent, never all at once.
    static func body(_ encoded: IntervalExport.Encoded) -> ResponseBody {
        ResponseBody(contentLength: encoded.count) { writer in
            for number in 0..<encoded.chunkCount {
                try await writer.write(encoded.withChunk(number) { ByteBuffer(bytes: $0) })
            }
            try await writer.finish(nil)
        }
    }

    static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return query
    }

    static func badRequest(_ reason: String) -> HTTPError {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return HTTPError(.badRequest, headers: headers, message: #"{"error":"# + ReadingJSONWriter.quoted(reason) + "}")
    }

    static func failure(_ status: HTTPResponse.Status, _ json: String) -> HTTPError {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return HTTPError(status, headers: headers, message: json)
    }

    struct PlanAccepted: Encodable {
        let version: String
        let source: String
        let persisted: String
    }

    struct PlanRejected: Encodable {
        let error: String
        let problems: [String]
    }

    static func ndjson(_ lines: [String], next: Int64?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson"
        if let next { headers[HTTPField.Name("Next-After")!] = String(next) }
        var buffer = ByteBuffer()
        for line in lines {
            buffer.writeString(line)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}

/// `/healthz`'s body.
public struct HealthReport: Sendable, Encodable {
    public var status: String
    public var cycles: Int
    public var overruns: Int
    public var storeFailures: Int
    public var lastCycleSeconds: Double

    public init(status: String, cycles: Int, overruns: Int, storeFailures: Int, lastCycleSeconds: Double) {
        self.status = status
        self.cycles = cycles
        self.overruns = overruns
        self.storeFailures = storeFailures
        self.lastCycleSeconds = lastCycleSeconds
    }

    enum CodingKeys: String, CodingKey {
        case status, cycles, overruns
        case storeFailures = "store_failures"
        case lastCycleSeconds = "last_cycle_s"
    }
}

/// Reads without the token only where `APIServer.Settings` allows; everything but `GET` needs the token.
struct ReadAccess: RouterMiddleware {
    typealias Context = BasicRequestContext
    let settings: APIServer.Settings

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let isRead = request.method == .get || request.method == .head
        if !isRead || settings.readsNeedToken {
            guard let token = settings.token else {
                throw HTTPError(.forbidden, message: "writes are off: no http.token_file in the agent's config")
            }
            guard token.accepts(authorization: request.headers[.authorization]) else {
                var headers = HTTPFields()
                headers[.wwwAuthenticate] = #"Bearer realm="fleet-agent""#
                throw HTTPError(.unauthorized, headers: headers, message: "a valid bearer token is required")
            }
        }
        return try await next(request, context)
    }
}
