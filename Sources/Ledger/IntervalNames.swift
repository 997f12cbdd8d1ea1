import GRDB

/// The device and tenant names the interval rows refer to by id, their places in name order, and the ids a query's
/// filters name. Ids are small positive integers, so arrays serve as maps.
struct IntervalNames: Sendable {
    enum Filter: Sendable {
        case all
        case only(Int64)
        /// A name that is not in the ledger: no row matches.
        case unknown

        init(_ id: Int?) { self = id.map { .only(Int64($0)) } ?? .unknown }
    }

    private(set) var deviceNames: [String] = []
    private(set) var deviceOrder: [Int] = []
    private(set) var tenantNames: [String?] = [nil]
    private(set) var tenantOrder: [Int] = [0]
    private(set) var deviceFilter = Filter.all
    private(set) var tenantFilter = Filter.all

    /// Loads the names; a filter naming an unknown device or tenant matches nothing.
    init(_ db: Database, device: String?, tenant: String?) throws {
        (deviceNames, deviceOrder) = try Self.names(db, sql: "SELECT id, device FROM devices ORDER BY device")
        let tenants = try Self.names(db, sql: "SELECT id, tenant FROM tenants ORDER BY tenant")
        tenantNames = tenants.names.enumerated().map { $0.offset == 0 ? nil : $0.element }
        tenantOrder = tenants.order
        if let device { deviceFilter = Filter(deviceNames.firstIndex(of: device)) }
        if let tenant { tenantFilter = Filter(tenantNames.firstIndex(of: tenant)) }
    }

    /// Where a device and tenant pair sorts: by device name, then tenant name (no tenant first).
    func order(deviceID: Int64, tenantID: Int64) -> Int {
        place(deviceOrder, deviceID) * tenantOrder.count + place(tenantOrder, tenantID)
    }

    func device(_ id: Int64) -> String {
        deviceNames.indices.contains(Int(id)) ? deviceNames[Int(id)] : ""
    }

    func tenant(_ id: Int64) -> String? {
        tenantNames.indices.contains(Int(id)) ? tenantNames[Int(id)] : nil
    }

    private func place(_ places: [Int], _ id: Int64) -> Int {
        places.indices.contains(Int(id)) ? places[Int(id)] : 0
    }

    /// `(names, order)` indexed by id: the name of each id and its place in name order (id 0 first).
    private static func names(_ db: Database, sql: String) throws -> (names: [String], order: [Int]) {
        let rows = try Row.fetchAll(db, sql: sql)
        let count = (rows.map { $0[0] as Int64 }.max() ?? 0) + 1
        var names = [String](repeating: "", count: Int(count))
        var order = [Int](repeating: 0, count: Int(count))
        for (place, row) in rows.enumerated() {
            let id = Int(row[0] as Int64)
            names[id] = row[1]
            order[id] = place + 1
        }
        return (names, order)
    }
}
