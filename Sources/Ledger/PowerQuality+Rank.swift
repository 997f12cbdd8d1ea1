import FleetCore

extension PowerQuality {
    /// How the ledger stores and compares qualities: 1 measured, 2 reported, 3 estimated. A higher rank is weaker,
    /// so the quality of anything made of several parts is the maximum rank among them.
    var rank: Int {
        switch self {
        case .measured: return 1
        case .reported: return 2
        case .estimated: return 3
        }
    }

    init?(rank: Int) {
        switch rank {
        case 1: self = .measured
        case 2: self = .reported
        case 3: self = .estimated
        default: return nil
        }
    }

    /// The weaker of two qualities (measured > reported > estimated).
    func weaker(_ other: PowerQuality) -> PowerQuality {
        rank >= other.rank ? self : other
    }
}
