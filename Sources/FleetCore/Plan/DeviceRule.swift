/// One entry of the plan's `devices`: which devices it covers (every condition given must hold), and how the plan
/// treats them. A device follows the first rule that matches it.
public struct DeviceRule: Sendable, Equatable {
    /// Pattern over the device id (`match`).
    public var match: DeviceGlob?
    /// The device kind (`kind`: `gpu`, `asic`).
    public var kind: DeviceKind?
    /// Pattern over the model as the device reports it (`model`).
    public var model: DeviceGlob?
    public var loadClass: LoadClass
    /// The most the plan lets the device draw (`cap_w`); nil: its own maximum.
    public var capW: Double?
    /// The least a running device is given (`floor_w`); for firm devices, never lowered past it.
    public var floorW: Double?
    /// Order among flexible devices (`priority`): 1 is served first; devices without one come after those with
    /// one, in the order of the rules.
    public var priority: Int?
    /// The billing tenant carried into the device's readings and energy.
    public var tenant: String?

    public init(
        match: DeviceGlob? = nil, kind: DeviceKind? = nil, model: DeviceGlob? = nil, loadClass: LoadClass,
        capW: Double? = nil, floorW: Double? = nil, priority: Int? = nil, tenant: String? = nil
    ) {
        self.match = match
        self.kind = kind
        self.model = model
        self.loadClass = loadClass
        self.capW = capW
        self.floorW = floorW
        self.priority = priority
        self.tenant = tenant
    }

    /// Whether the rule covers `device`; a `model` condition never matches a device whose model is unknown.
    public func matches(_ device: InventoryDevice) -> Bool {
        matches(device, idText: device.id.description)
    }

    /// `matches(_:)` with the device id's text already made.
    func matches(_ device: InventoryDevice, idText: String) -> Bool {
        if let kind, device.id.kind != kind { return false }
        if let match, !match.matches(idText) { return false }
        if let model {
            guard let name = device.model, model.matches(name) else { return false }
        }
        return true
    }
}
