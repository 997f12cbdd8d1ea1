import AsyncHTTPClient
import FleetCore
import NIOHTTP1

/// Stock Bitmain firmware's power control on S19/S21/T19/T21: the web interface's work modes (ASIC-APIS.md §2.1,
/// §4). Reads `GET /cgi-bin/get_miner_conf.cgi`, writes `POST /cgi-bin/set_miner_conf.cgi` with the whole
/// configuration just read and only `miner-mode` changed (0 normal, 1 sleep, 3 low-power), both behind HTTP digest
/// authentication (realm `antMiner Configuration`, user `root` unless the credentials file names another).
///
/// Asleep when `bitmain-work-mode` is `"1"`. Steps `low-power` and `normal` carry estimated watts
/// (`AntminerModeWatts`): the firmware states none. There is no continuous limit.
public struct AntminerWebControl: MinerControl {
    public let family = "bitmain"
    /// The miner's web interface.
    public let web: MinerWeb
    /// nil: none configured (every call then fails with `.credentials`). Hidden from `description`.
    public let credentials: MinerCredentials?
    /// Normal mode's watts, estimated; nil: unknown, no steps are offered (sleep and wake still work).
    public let normalW: Double?

    static let confPath = "/cgi-bin/get_miner_conf.cgi"
    static let setPath = "/cgi-bin/set_miner_conf.cgi"
    static let defaultUser = "root"

    /// The control for the web interface `web`, logging in with `credentials` (user `root` when they name none).
    public init(web: MinerWeb, credentials: MinerCredentials?, normalW: Double?) {
        self.web = web
        self.credentials = credentials
        self.normalW = normalW
    }

    /// The control for the miner at `endpoint`, normal watts from `reading`'s model or power.
    public init(_ endpoint: MinerEndpoint, reading: Reading, timeout: Duration = .seconds(10)) {
        self.init(
            web: MinerWeb(address: endpoint.webAddress, http: endpoint.http, timeout: timeout),
            credentials: endpoint.credentials,
            normalW: AntminerModeWatts.normal(model: reading.model, readingW: reading.powerW))
    }

    /// The modes with their estimated watts, ascending; empty when normal's watts are unknown.
    public var steps: [PowerStep] {
        guard let normalW else { return [] }
        return [
            PowerStep(name: "low-power", watts: normalW * AntminerModeWatts.lowPowerShare),
            PowerStep(name: "normal", watts: normalW),
        ]
    }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let conf = try await readConf()
        let mode = conf.workMode.flatMap(AntminerMode.init(workMode:))
        return MinerPowerState(
            asleep: mode == .sleep, step: mode?.stepName ?? conf.workMode.map { "mode \($0)" }, steps: steps,
            preserved: conf.preserved)
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        let mode: AntminerMode
        switch setting {
        case .sleep: mode = .sleep
        case .step(let step):
            guard let named = AntminerMode(stepName: step.name) else {
                throw .unsupported("stock Antminer firmware has no mode \"\(step.name)\" (normal, low-power)")
            }
            mode = named
        case .limit: throw .unsupported("stock Antminer firmware has modes, not power limits")
        case .uncontrolled: throw .unsupported("uncontrolled is not a setting to write")
        }
        // The configuration as it is now, not as `current` summarised it: the write carries all of it back.
        let conf = try await readConf()
        let reply = try await send(
            .POST, Self.setPath, body: conf.setBody(mode: mode), contentType: "application/json")
        guard reply.status == 200 else {
            throw .refused("\(location(Self.setPath)) answered HTTP \(reply.status): \(Self.excerpt(reply.text))")
        }
        guard reply.text.trimmed(" ").trimmed("\n").trimmed("\r") == "ok" else {
            throw .refused("\(location(Self.setPath)) did not answer ok: \(Self.excerpt(reply.text))")
        }
    }

    func readConf() async throws(MinerControlError) -> AntminerMinerConf {
        let reply = try await send(.GET, Self.confPath)
        guard reply.status == 200 else {
            throw .refused("\(location(Self.confPath)) answered HTTP \(reply.status): \(Self.excerpt(reply.text))")
        }
        return try AntminerMinerConf(bytes: reply.body, from: location(Self.confPath))
    }

    /// One request behind digest authentication: sent once, and again with the answer to the challenge the 401
    /// carried. A second 401 is a refused login.
    func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil
    ) async throws(MinerControlError) -> MinerWeb.Reply {
        guard let credentials else {
            throw .credentials("no credentials configured for the web interface at \(location(path))")
        }
        let user = credentials.user ?? Self.defaultUser
        let headers = contentType.map { [("Content-Type", $0)] } ?? []
        let first = try await web.send(method, path, headers: headers, body: body)
        guard first.status == 401 else { return first }
        guard let challenge = first.headers["WWW-Authenticate"].lazy.compactMap(DigestChallenge.init(header:)).first
        else {
            throw .refused("\(location(path)) answered 401 without a digest challenge")
        }
        let authorization = DigestAuthorization(
            user: user, challenge: challenge, method: method.rawValue, uri: path, cnonce: Self.cnonce())
        guard let header = authorization.header(password: credentials.password) else {
            throw .unsupported("\(location(path)) asks for digest algorithm \(challenge.algorithm)")
        }
        let second = try await web.send(method, path, headers: headers + [("Authorization", header)], body: body)
        guard second.status != 401 else {
            throw .credentials("\(location(path)) refused the web login of user \(user)")
        }
        return second
    }

    private func location(_ path: String) -> String { "\(web.address.host):\(web.address.port)\(path)" }

    /// 16 random hex digits.
    static func cnonce() -> String {
        String(UInt64.random(in: .min ... .max), radix: 16)
    }

    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 120 ? String(line.prefix(120)) + "…" : line
    }
}
