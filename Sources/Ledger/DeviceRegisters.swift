import GRDB

/// Every device's register as one transaction works on them: found by device id once per reading, then by
/// position, and saved at the end if changed.
struct DeviceRegisters {
    private(set) var all: [DeviceRegister] = []
    private var positions: [String: Int] = [:]
    private var changed: [Bool] = []

    /// Loads every device's register.
    init(_ db: Database) throws {
        for register in try DeviceRegister.loadAll(db) { append(register, changed: false) }
    }

    /// The position of `device`'s register, inserting a new device's row the first time it is seen.
    mutating func position(of device: String, _ db: Database) throws -> Int {
        if let position = positions[device] { return position }
        append(try DeviceRegister.insert(device: device, db), changed: true)
        return all.count - 1
    }

    /// The register at `position`; setting it marks it to be saved.
    subscript(position: Int) -> DeviceRegister {
        get { all[position] }
        set {
            all[position] = newValue
            changed[position] = true
        }
    }

    /// Stores every register that was set.
    func saveChanged(_ db: Database) throws {
        let save = try DeviceRegister.saveStatement(db)
        for (register, changed) in zip(all, changed) where changed { try register.save(with: save) }
    }

    private mutating func append(_ register: DeviceRegister, changed: Bool) {
        positions[register.device] = all.count
        all.append(register)
        self.changed.append(changed)
    }
}
