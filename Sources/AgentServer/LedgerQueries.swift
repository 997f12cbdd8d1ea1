import FleetCore
import Ledger

/// What the API asks the ledger (`LedgerAPI` over a `LedgerReader`; tests pass a stand-in).
public protocol LedgerQueries: Sendable {
    /// Stored readings with `seq` greater than `after`, in `seq` order, at most `limit`, as the JSON lines they are
    /// stored as (served as they are, never decoded and encoded again).
    func readingLines(after seq: Int64, limit: Int) async throws -> [ReadingLine]
    /// The energy table for `request`, encoded in its format (CSV or JSON), with the columns `device`, `tenant`,
    /// `start`, `end`, `energy_j`, `avg_w`, `peak_w`, `coverage`, `quality`.
    func energy(_ request: EnergyRequest) async throws -> IntervalExport.Encoded
    /// The audit log's entries after `id`, oldest first, at most `limit`.
    func auditEntries(after id: Int64, limit: Int) async throws -> [AuditEntry]
}

/// `GET /v1/energy`'s parameters, checked.
public struct EnergyRequest: Sendable, Equatable {
    /// CSV or JSON, as the ledger exports them.
    public typealias Format = IntervalExport.Format

    public var from: Timestamp
    public var to: Timestamp
    /// A whole number of 15-minute intervals.
    public var step: Duration
    public var format: Format
    public var device: DeviceID?
    public var tenant: String?

    public init(
        from: Timestamp, to: Timestamp, step: Duration, format: Format, device: DeviceID? = nil, tenant: String? = nil
    ) {
        self.from = from
        self.to = to
        self.step = step
        self.format = format
        self.device = device
        self.tenant = tenant
    }
}
