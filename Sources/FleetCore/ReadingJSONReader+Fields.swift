extension ReadingJSONReader {
    /// The values read so far, by key, and the reading they make once the required ones are there.
    struct Fields {
        private var time: Timestamp?
        private var host: String?
        private var device: DeviceID?
        private var kind: DeviceKind?
        private var address: String?
        private var status: DeviceStatus?
        private var error: String?
        private var rest = Reading(
            time: Timestamp(millisecondsSinceEpoch: 0), host: "", device: .asic(endpoint: "-"), kind: .asic, address: ""
        )

        /// The reading, when every key `Reading.init(from:)` requires was read.
        var reading: Reading? {
            guard let time, let host, let device, let kind, let address, let status else { return nil }
            var reading = rest
            reading.time = time
            reading.host = host
            reading.device = device
            reading.kind = kind
            reading.address = address
            reading.status = status
            reading.error = error
            return reading
        }

        /// Reads `key`'s value; false when it is not of the type `Reading.init(from:)` expects.
        mutating func read(_ key: Reading.CodingKeys, from s: inout Scanner) -> Bool {
            switch key {
            case .seq:
                if s.null() { return true }
                guard let seq = s.integer() else { return false }
                rest.seq = seq
            case .time:
                guard let text = s.string(), let parsed = Self.time(text) else { return false }
                time = parsed
            case .host: return set(&host, s.string())
            case .device: return set(&device, s.string().flatMap { DeviceID($0) })
            case .kind: return set(&kind, s.string().flatMap(DeviceKind.init(rawValue:)))
            case .address: return set(&address, s.string())
            case .status: return set(&status, s.string().flatMap(DeviceStatus.init(rawValue:)))
            case .error: return set(&error, s.optionalString())
            case .vendor: return set(&rest.vendor, s.optionalString())
            case .model: return set(&rest.model, s.optionalString())
            case .firmware: return set(&rest.firmware, s.optionalString())
            case .powerW: return set(&rest.powerW, s.optionalNumber())
            case .powerQuality:
                if s.null() { return true }
                return set(&rest.powerQuality, s.string().flatMap(PowerQuality.init(rawValue:)))
            case .powerLimitW: return set(&rest.powerLimitW, s.optionalNumber())
            case .energyJ: return set(&rest.energyJ, s.optionalNumber())
            case .energyEpoch: return set(&rest.energyEpoch, s.optionalString())
            case .tenant: return set(&rest.tenant, s.optionalString())
            case .hashrateHs: return set(&rest.hashrateHs, s.optionalNumber())
            case .hashrateAvgHs: return set(&rest.hashrateAvgHs, s.optionalNumber())
            case .tempMaxC: return set(&rest.tempMaxC, s.optionalNumber())
            case .tempChipC: return set(&rest.tempChipC, s.optionalNumbers())
            case .tempBoardC: return set(&rest.tempBoardC, s.optionalNumbers())
            case .tempInletC: return set(&rest.tempInletC, s.optionalNumber())
            case .fansRPM: return set(&rest.fansRPM, s.optionalNumbers())
            case .gpuUtilPct: return set(&rest.gpuUtilPct, s.optionalNumber())
            case .memUsedBytes: return set(&rest.memUsedBytes, s.optionalNumber())
            case .memTotalBytes: return set(&rest.memTotalBytes, s.optionalNumber())
            case .smClockMHz: return set(&rest.smClockMHz, s.optionalNumber())
            case .pstate: return set(&rest.pstate, s.optionalString())
            case .throttle: return set(&rest.throttle, s.optionalStrings())
            case .powerSource: return set(&rest.powerSource, s.optionalString())
            case .rejected: return false  // a list of objects: rare, and read by JSONDecoder
            }
            return true
        }

        private func set<Value>(_ field: inout Value?, _ value: Value?) -> Bool {
            guard let value else { return false }
            field = value
            return true
        }

        private func set<Value>(_ field: inout Value?, _ value: Value??) -> Bool {
            guard let value else { return false }
            field = value
            return true
        }

        private static let digitPlaces = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]

        /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form the writer uses, read directly (the civil date to a day number by
        /// Howard Hinnant's `days_from_civil`); any other text goes through `Timestamp(rfc3339:)`.
        static func time(_ text: String) -> Timestamp? {
            var text = text
            return text.withUTF8 { time($0) } ?? Timestamp(rfc3339: text)
        }

        /// The writer's form read directly; nil when the bytes are not in it or name no real instant.
        private static func time(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp?? {
            guard b.count == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."),
                b[23] == UInt8(ascii: "Z"),
                digitPlaces.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[$0]) })
            else { return nil }
            func number(_ range: ClosedRange<Int>) -> Int64 {
                range.reduce(0) { $0 * 10 + Int64(b[$1] - UInt8(ascii: "0")) }
            }
            let (year, month, day) = (number(0...3), number(5...6), number(8...9))
            let (hour, minute, second, millis) = (number(11...12), number(14...15), number(17...18), number(20...22))
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1...12).contains(month), (1...monthDays[Int(month - 1)]).contains(day), hour < 24, minute < 60,
                second < 60
            else { return .some(nil) }
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
            return .some(Timestamp(millisecondsSinceEpoch: seconds * 1000 + millis))
        }
    }
}
