import MinerRPC

extension MinerReplies {
    /// cgminer's STATUS codes that say why a miner refuses a command (`MSG_*` in cgminer's `api.c`).
    enum RefusalCode {
        static let invalidCommand = 14
        static let invalidJSON = 23
        static let missingJSON = 24
        static let accessDenied = 45
    }

    /// When the firmware answered and refused every command with an error STATUS: what that means for an operator,
    /// led by the code they share (access denied, invalid command); nil when any command was answered usefully or
    /// a failure was not the firmware's.
    var refusedEverything: String? {
        var codes: [Int?] = []
        for command in commands {
            guard case .success(let reply) = results[command], reply.status.isError else {
                guard case .failure(let error) = results[command], let code = error.firmwareCode else { return nil }
                codes.append(code)
                continue
            }
            codes.append(reply.status.code)
        }
        guard let first = codes.first else { return nil }
        guard codes.allSatisfy({ $0 == first }), let code = first else {
            return "the miner refused every command with an error STATUS"
        }
        switch code {
        case RefusalCode.accessDenied:
            return "access denied: the miner's API refuses this agent every read command (STATUS Code 45); allow"
                + " this host read access in the miner's API settings (cgminer --api-allow)"
        case RefusalCode.invalidCommand:
            return "the miner rejected every read command as invalid (STATUS Code 14): not a cgminer-compatible API"
        case RefusalCode.invalidJSON, RefusalCode.missingJSON:
            return "the miner could not read the agent's JSON requests (STATUS Code \(code)): its API wants another"
                + " request format"
        default:
            return "the miner refused every command with STATUS Code \(code)"
        }
    }
}
