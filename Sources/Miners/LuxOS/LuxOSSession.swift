import MinerRPC

/// A LuxOS API session: `logon` returns `SESSION[0].SessionID`; privileged commands take it as their first
/// parameter; `logoff` releases it. LuxOS allows one session at a time: a second `logon` is answered Code 402
/// "Another session is active" (docs.luxor.tech/firmware/api/sessions, /luxminer/logon; luxos-tooling
/// `src/luxos/api.json` lists which commands need one). Sessions expire after a minute idle, but one is never left
/// open here: `LuxOSSession.run` logs off on every path.
enum LuxOSSession {
    /// Logs on, runs `body` with the session id, and logs off whatever `body` did.
    static func run<T: Sendable>(
        _ endpoint: MinerEndpoint, _ body: (String) async throws(MinerControlError) -> T
    ) async throws(MinerControlError) -> T {
        let id = try await logon(endpoint)
        let result: Result<T, MinerControlError>
        do {
            result = .success(try await body(id))
        } catch {
            result = .failure(error)
        }
        let loggedOff: MinerControlError?
        do {
            _ = try await endpoint.command("logoff", parameter: id)
            loggedOff = nil
        } catch {
            loggedOff = error
        }
        let value = try result.get()
        if let loggedOff { throw loggedOff }
        return value
    }

    static func logon(_ endpoint: MinerEndpoint) async throws(MinerControlError) -> String {
        let reply: CGMinerReply
        do {
            reply = try await endpoint.rpc.send("logon", to: endpoint.address)
        } catch {
            if case .firmwareStatus(_, _, let code, let message) = error,
                code == 402 || message.lowercased().contains("another session")
            {
                throw .refused("another LuxOS session is active on the miner (one at a time): \(message)")
            }
            throw MinerControlError(error)
        }
        guard let id = reply.section("SESSION").first?["SessionID"]?.stringValue, !id.isEmpty else {
            throw .malformed("logon: no SESSION[0].SessionID")
        }
        return id
    }
}
