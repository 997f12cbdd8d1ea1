import FleetCore
import Ledger

/// The API's view of the ledger: readings by cursor, the energy table, the audit log.
public struct LedgerAPI: LedgerQueries {
    let reader: LedgerReader

    public init(reader: LedgerReader) { self.reader = reader }

    public func readingLines(after seq: Int64, limit: Int) async throws -> [ReadingLine] {
        try await reader.readingLines(after: seq, limit: limit)
    }

    public func energy(_ request: EnergyRequest) async throws -> IntervalExport.Encoded {
        do {
            return try await reader.encodedIntervals(
                from: request.from, to: request.to, step: request.step, device: request.device?.description,
                tenant: request.tenant, format: request.format)
        } catch {
            if case .invalidArgument(_, let reason) = error { throw QueryRefused(reason: reason) }
            throw error
        }
    }

    public func auditEntries(after id: Int64, limit: Int) async throws -> [AuditEntry] {
        try await reader.auditEntries(after: id, limit: limit)
    }
}
