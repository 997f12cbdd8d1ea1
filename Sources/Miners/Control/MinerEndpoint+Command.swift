import MinerRPC

extension MinerEndpoint {
    /// Sends one cgminer command to the miner's API and returns its reply; a failure becomes the control error that
    /// says what happened (never with the parameter, which may hold a session id).
    func command(_ command: String, parameter: String? = nil) async throws(MinerControlError) -> CGMinerReply {
        do {
            return try await rpc.send(command, parameter: parameter, to: address)
        } catch {
            throw MinerControlError(error)
        }
    }

    /// The miner's pools as `pool <n>: <url> <user>`, for the check that a write left them alone.
    func preservedPools() async throws(MinerControlError) -> [String: String] {
        let reply = try await command("pools")
        var pools: [String: String] = [:]
        for (index, pool) in reply.section("POOLS").enumerated() {
            let number = pool["POOL"]?.doubleValue.map { String(Int($0)) } ?? String(index)
            pools["pool \(number)"] = "\(pool["URL"]?.stringValue ?? "") \(pool["User"]?.stringValue ?? "")"
        }
        return pools
    }
}

extension MinerControlError {
    /// A cgminer failure as a control error: an error STATUS is the firmware refusing, a miner not reached is
    /// unreachable, anything else an answer the control cannot use.
    init(_ error: CGMinerError) {
        if case .firmwareStatus(let command, _, let code, let message) = error {
            self = .refused("\(command): \(message)\(code.map { " (Code \($0))" } ?? "")")
        } else if error.isUnreachable {
            self = .unreachable(error.description)
        } else {
            self = .malformed(error.description)
        }
    }
}
