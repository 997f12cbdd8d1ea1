import FleetCore
import MinerRPC

/// The registry of firmware families, in detection order.
public enum MinerFamilies {
    /// Every family, most specific first: aftermarket firmware on Antminer hardware (which still looks like
    /// bmminer) is tried before stock Bitmain, and the generic cgminer reader comes last.
    public static let all: [any MinerFamily.Type] = [
        Braiins.self,
        LuxOS.self,
        VNish.self,
        Whatsminer.self,
        Avalon.self,
        AntminerStock.self,
        GenericCGMiner.self,
    ]

    /// The first family in `all` that recognises `replies`.
    public static func detect(_ replies: MinerReplies) -> (any MinerFamily.Type)? {
        let replies = replies.withIdentityText()
        return all.first { $0.matches(replies) }
    }

    /// The family called `name`.
    public static func named(_ name: String) -> (any MinerFamily.Type)? {
        all.first { $0.name == name }
    }

    /// Detects the family of `replies` (or takes `family`) and normalizes them into `reading`; pure, no socket.
    /// A miner that sent nothing gets `unreachable`, one whose firmware is not recognised gets `error`.
    /// Returns the family used.
    @discardableResult
    public static func normalize(
        _ replies: MinerReplies, into reading: inout Reading, family: (any MinerFamily.Type)? = nil
    ) -> (any MinerFamily.Type)? {
        if replies.isUnreachable {
            reading.status = .unreachable
            reading.error = replies.commands.lazy.compactMap { replies.problem($0) }.first
            return nil
        }
        guard let family = family ?? detect(replies) else {
            let failures = replies.commands.compactMap { command in replies.problem(command).map { (command, $0) } }
            let problems = failures.map { "\($0): \($1)" }
            reading.status = .error
            let distinct = Set(failures.map(\.1))
            if !replies.anyAnswered, distinct.count == 1, let only = distinct.first {
                // Every command failed the same way (one joined request, or a broken link): say that once.
                reading.error = only
            } else if !replies.anyAnswered {
                reading.error = "no command answered (" + problems.joined(separator: "; ") + ")"
            } else if let refusal = replies.refusedEverything {
                reading.error = refusal + " (" + problems.joined(separator: "; ") + ")"
            } else {
                reading.error =
                    "firmware not recognised"
                    + (problems.isEmpty ? "" : " (" + problems.joined(separator: "; ") + ")")
            }
            return nil
        }
        family.normalize(replies, into: &reading)
        // Before the estimate, so that it never multiplies an implausible hashrate; again after it, for the estimate.
        reading.screenImplausibleValues()
        // After the family: it may have reported power, or found the miner asleep (no estimate for either).
        reading.estimatePowerIfUnreported()
        if reading.powerQuality == .estimated { reading.screenImplausibleValues() }
        return family
    }
}
