/// One device of the host as allocation sees it: identity, what it can do, and what it draws now.
public struct InventoryDevice: Sendable, Equatable {
    public var id: DeviceID
    /// The model as the device reports it, for the plan's `model` rules.
    public var model: String?
    public var capability: DeviceCapability
    /// The latest power figure (measured, reported or estimated), watts; nil when unknown.
    public var drawW: Double?
    /// The limit in force on the device now, watts.
    public var limitW: Double?

    public init(
        id: DeviceID, model: String? = nil, capability: DeviceCapability, drawW: Double? = nil, limitW: Double? = nil
    ) {
        self.id = id
        self.model = model
        self.capability = capability
        self.drawW = drawW
        self.limitW = limitW
    }
}
