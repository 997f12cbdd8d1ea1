import FleetCore
import MinerRPC

extension Reading {
    /// When the read's deadline left commands unasked, says which (the reading keeps what was read). A reading
    /// that was otherwise fine becomes `error`, since part of the device was not read (a sleeping one stays asleep).
    mutating func noteUnread(_ replies: MinerReplies) {
        let unread = replies.commands.filter { command in
            switch replies[command] {
            case .failure(.readDeadlineSpent), .failure(.noReplyWithinDeadline): return true
            default: return false
            }
        }
        guard !unread.isEmpty, status != .unreachable else { return }
        let problem = "not read within the read's deadline: " + unread.joined(separator: ", ")
        fail(problem)
    }
}
