import GRDB

/// The `tenants` table as a dictionary: each tenant label is stored once and referred to by id; 0 is "no tenant".
struct TenantIDs {
    private var ids: [String: Int64] = [:]
    /// The last tenant looked up: readings of one tenant often come together, and comparing is cheaper than hashing.
    private var last: (tenant: String, id: Int64)?

    init(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, tenant FROM tenants")
        while let row = try rows.next() { ids[row[1]] = row[0] }
    }

    /// The id of `tenant`, inserting the label the first time it is seen.
    mutating func id(for tenant: String?, _ db: Database) throws -> Int64 {
        guard let tenant else { return 0 }
        if let last, last.tenant == tenant { return last.id }
        if let id = ids[tenant] {
            last = (tenant, id)
            return id
        }
        try db.execute(sql: "INSERT INTO tenants (tenant) VALUES (?)", arguments: [tenant])
        ids[tenant] = db.lastInsertedRowID
        return db.lastInsertedRowID
    }
}
