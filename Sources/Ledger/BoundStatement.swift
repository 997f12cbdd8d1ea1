import GRDB
import GRDBSQLite

/// A cached GRDB statement run through SQLite's C API: values bound and columns read one by one, no
/// `StatementArguments` or `Row` built. Used for the statements that run once per reading and for the interval scan,
/// where GRDB's boxing costs more than SQLite itself. A failure throws GRDB's `DatabaseError` with SQLite's code, so
/// it maps to a `LedgerError` like any other.
struct BoundStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// SQLite copies text bound with this destructor before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ value: Int64?, at index: Int32) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ value: Int?, at index: Int32) {
        bind(value.map(Int64.init), at: index)
    }

    func bind(_ value: Double?, at index: Int32) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds UTF-8 text given as bytes.
    func bind(utf8 bytes: [UInt8], at index: Int32) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                _ = sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient)
            }
        }
    }

    /// Runs the statement to completion with the values bound, then resets it for the next values.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Runs `body` holding the connection's mutex. SQLite built thread-safe (as Debian's is) takes that recursive
    /// mutex in every `sqlite3_step`, `sqlite3_bind_*` and `sqlite3_column_*`; held around a loop of them, each
    /// becomes a re-entry by the owning thread instead of a lock and an unlock. GRDB gives a connection to one thread
    /// at a time, so nothing else ever waits on it meanwhile.
    func holdingConnection<T>(_ body: () throws -> T) rethrows -> T {
        let mutex = sqlite3_db_mutex(connection)
        sqlite3_mutex_enter(mutex)
        defer { sqlite3_mutex_leave(mutex) }
        return try body()
    }

    /// Steps a query to its next row: true when there is one to read with the column accessors.
    func nextRow() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            sqlite3_reset(handle)
            throw failure(code)
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
}
