import CGMinerJSON
import MinerRPC
import NIOHTTP1

/// VNish's REST API (`/api/v1/...`) behind its login: `POST /api/v1/unlock` with `{"pw": password}` answers
/// `{"token": ...}`, and each later request carries the token in `Authorization` (pyasic `web/vnish.py`: `auth`,
/// `send_command`; it sends the bare token, adding `Bearer ` only for `system/*` paths, and so does this session).
/// A 401/403 on a request logs in again once; a refused login is `.credentials`.
struct VNishSession: Sendable {
    let web: MinerWeb
    let credentials: MinerCredentials?

    /// Logs in: the token for later requests.
    func unlock() async throws(MinerControlError) -> String {
        guard let credentials else {
            throw .credentials("no credentials configured for the VNish web interface at \(location("/api/v1/unlock"))")
        }
        let body = Array(JSONValue.object(["pw": .string(credentials.password)]).jsonText.utf8)
        let reply = try await web.send(
            .POST, "/api/v1/unlock", headers: [("Content-Type", "application/json")], body: body)
        if reply.status == 401 || reply.status == 403 {
            throw .credentials("\(location("/api/v1/unlock")) refused the password")
        }
        guard reply.status == 200 else {
            throw .refused("\(location("/api/v1/unlock")) answered HTTP \(reply.status)")
        }
        guard let token = (try? CGMinerJSON.parse(reply.body))?.value["token"]?.stringValue, !token.isEmpty else {
            throw .malformed("\(location("/api/v1/unlock")) answered without a token")
        }
        return token
    }

    /// One request with `token`, as JSON; a rejected token is renewed once. Returns the parsed reply (`{}` for an
    /// empty body) and the token in use.
    func request(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, token: String
    ) async throws(MinerControlError) -> (JSONValue, String) {
        var token = token
        for attempt in 0..<2 {
            var headers = [("Authorization", path.hasPrefix("/api/v1/system") ? "Bearer \(token)" : token)]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let reply = try await web.send(method, path, headers: headers, body: body.map { Array($0.jsonText.utf8) })
            if reply.status == 401 || reply.status == 403 {
                if attempt == 0 {
                    token = try await unlock()
                    continue
                }
                throw .credentials("\(location(path)) refused the session token")
            }
            guard reply.status == 200 else {
                throw .refused("\(location(path)) answered HTTP \(reply.status)")
            }
            if reply.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) { return (.object([:]), token) }
            do {
                return (try CGMinerJSON.parse(reply.body).value, token)
            } catch {
                throw .malformed("\(location(path)): not JSON (\(error))")
            }
        }
        throw .credentials("\(location(path)) refused the session token")
    }

    func location(_ path: String) -> String { "\(web.address.host):\(web.address.port)\(path)" }
}
