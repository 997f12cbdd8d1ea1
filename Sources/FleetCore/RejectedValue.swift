/// A value a device reported that the agent did not pass on, and why: the field is `null` in the reading and this
/// entry (in the reading's `rejected` list) says what was there.
///
/// In JSON: `{"field":"power_w","value":"1e+30","reason":"outside the plausible range","lower":0,"upper":15000,
/// "unit":"W"}`. `value` is text because what was rejected may not be a number at all (`"abc"`, `inf`).
public struct RejectedValue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The reading's field name (`power_w`, `fans_rpm`, ...).
    public var field: String
    /// What the device sent, as text.
    public var value: String
    /// Why it was rejected: `outside the plausible range`, `not finite`, `negative`, `not a number`, ...
    public var reason: String
    /// The plausible range, where the reason is a range.
    public var lower: Double?
    public var upper: Double?
    public var unit: String?

    public init(
        field: String, value: String, reason: String, lower: Double? = nil, upper: Double? = nil, unit: String? = nil
    ) {
        self.field = field
        self.value = value
        self.reason = reason
        self.lower = lower
        self.upper = upper
        self.unit = unit
    }

    /// For a person: `power_w 1e+30: outside the plausible range 0…15000 W`.
    public var description: String {
        var text = "\(field) \(value): \(reason)"
        if let lower, let upper {
            text += " \(NumberText.plain(lower))…\(NumberText.plain(upper))"
            if let unit { text += " \(unit)" }
        }
        return text
    }
}
