import GRDB

extension LedgerError {
    /// The ledger's own error for whatever GRDB, SQLite or the task system threw while `path` was being accessed.
    init(_ error: any Error, path: String) {
        switch error {
        case let error as LedgerError:
            self = error
        case is CancellationError:
            self = .cancelled(path: path)
        case let error as DatabaseError:
            self = LedgerError(error, path: path)
        default:
            self = .sqlite(path: path, code: ResultCode.SQLITE_ERROR.rawValue, message: String(describing: error))
        }
    }

    private init(_ error: DatabaseError, path: String) {
        let message = error.message ?? "no message"
        switch error.resultCode {
        case .SQLITE_FULL:
            self = .diskFull(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM:
            self = .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .busy(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            self = .corrupt(path: path, reason: message)
        case .SQLITE_CANTOPEN:
            self = .cannotOpen(path: path, reason: message)
        case .SQLITE_INTERRUPT:
            self = .cancelled(path: path)
        default:
            self = .sqlite(path: path, code: error.extendedResultCode.rawValue, message: message)
        }
    }
}
