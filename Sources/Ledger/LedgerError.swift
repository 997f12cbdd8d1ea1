/// Everything that can go wrong with the ledger, each case naming the database file it happened to.
///
/// The set is closed: every error a `Ledger` or `LedgerReader` method throws is one of these (typed throws), so a
/// caller can switch over them exhaustively. `diskFull` is the one a poll loop must expect in normal operation.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or created as a ledger (missing folder, permissions, not a ledger).
    case cannotOpen(path: String, reason: String)
    /// The file was written by a newer fleet-agent whose schema this one does not know; it was left untouched.
    case newerSchema(path: String, found: Int, supported: Int)
    /// A read-only opening found a schema older than this code reads; the agent migrates it when it next starts.
    case olderSchema(path: String, found: Int, supported: Int)
    /// The disk (or the ledger's size limit) is full: the write was rolled back whole, nothing of it was stored.
    case diskFull(path: String)
    /// The ledger was opened read-only, or its file or folder does not allow writing.
    case readOnly(path: String)
    /// Another connection held a lock for longer than the busy timeout.
    case busy(path: String)
    /// SQLite found the file damaged.
    case corrupt(path: String, reason: String)
    /// A stored reading's JSON could not be decoded back into a `Reading`.
    case unreadableReading(path: String, seq: Int64, reason: String)
    /// The cycle handed to `append(cycle:)` cannot be stored as it is (nothing of it was).
    case invalidCycle(path: String, reason: String)
    /// A call's arguments cannot be acted on (a bad range, step or limit, a cursor beyond the last seq).
    case invalidArgument(path: String, reason: String)
    /// The task was cancelled while the database was being accessed; a write was rolled back whole.
    case cancelled(path: String)
    /// Any other SQLite failure, with SQLite's code and message.
    case sqlite(path: String, code: Int32, message: String)

    /// The database file the error is about.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .newerSchema(let path, _, _), .olderSchema(let path, _, _),
            .diskFull(let path), .readOnly(let path), .busy(let path), .corrupt(let path, _),
            .unreadableReading(let path, _, _), .invalidCycle(let path, _), .invalidArgument(let path, _),
            .cancelled(let path), .sqlite(let path, _, _):
            return path
        }
    }

    /// What happened, for a person: one sentence naming the file.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the ledger \(path): \(reason)"
        case .newerSchema(let path, let found, let supported):
            return "the ledger \(path) has schema version \(found), written by a newer fleet-agent; this one knows "
                + "versions up to \(supported) and left the file untouched (run the newer fleet-agent, or another file)"
        case .olderSchema(let path, let found, let supported):
            return "the ledger \(path) has schema version \(found); this reader needs version \(supported) "
                + "(the agent migrates the file when it next starts)"
        case .diskFull(let path):
            return "the ledger \(path) is full (its disk has no space left, or it reached its size limit); "
                + "the write was rolled back and nothing of it was stored"
        case .readOnly(let path):
            return "the ledger \(path) cannot be written (opened read-only, or the file or its folder is read-only)"
        case .busy(let path):
            return "the ledger \(path) stayed locked by another connection past the busy timeout"
        case .corrupt(let path, let reason):
            return "the ledger \(path) is damaged: \(reason)"
        case .unreadableReading(let path, let seq, let reason):
            return "the reading seq \(seq) in the ledger \(path) cannot be decoded: \(reason)"
        case .invalidCycle(let path, let reason):
            return "the cycle was not stored in the ledger \(path): \(reason)"
        case .invalidArgument(let path, let reason):
            return "refused by the ledger \(path): \(reason)"
        case .cancelled(let path):
            return "the access to the ledger \(path) was cancelled; a write in progress was rolled back"
        case .sqlite(let path, let code, let message):
            return "SQLite failed on the ledger \(path) (code \(code)): \(message)"
        }
    }
}
