#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The long object keys (over 15 UTF-8 bytes, which a String cannot keep inline) already read in one reply, so that
/// a key repeated in every entry of a section (Whatsminer's 835-key `STATS` entries) is allocated once and shared.
///
/// Open addressing over slot numbers, keyed by the key's bytes in the input; the slots double when half full, up to
/// `maxKeys` keys, and past that new keys are simply not remembered.
struct KeyTable {
    private struct Entry {
        var start: Int32
        var count: Int32
        var hash: UInt32
    }

    private static let maxKeys = 4096
    /// 0 for an empty slot, else the entry's index + 1.
    private var slots: [Int32] = []
    private var entries: [Entry] = []
    private var strings: [String] = []

    /// The string of the key at `range` of `bytes`, made once per distinct key.
    mutating func string(for range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let key = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range]))
        let hash = Self.hash(key)
        if slots.isEmpty { slots = Array(repeating: 0, count: 128) }
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index] != 0 {
            let n = Int(slots[index]) - 1
            let entry = entries[n]
            if entry.hash == hash, Int(entry.count) == key.count,
                memcmp(bytes.baseAddress! + Int(entry.start), key.baseAddress!, key.count) == 0
            {
                return strings[n]
            }
            index = (index + 1) & mask
        }
        let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard strings.count < Self.maxKeys, range.upperBound <= Int32.max else { return string }
        strings.append(string)
        entries.append(Entry(start: Int32(range.lowerBound), count: Int32(key.count), hash: hash))
        slots[index] = Int32(strings.count)
        if strings.count * 2 >= slots.count { grow() }
        return string
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (n, entry) in entries.enumerated() {
            var index = Int(entry.hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = Int32(n + 1)
        }
    }

    /// A quick hash of the key's bytes, eight at a time.
    private static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var k = 0
        while k + 8 <= key.count {
            h = (h ^ key.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        if k < key.count {
            // The last eight bytes again (the key is longer than eight): no byte-by-byte tail.
            h = (h ^ key.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
        }
        // MurmurHash3's finalizer: every input bit reaches the low bits that pick the slot.
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        return UInt32(truncatingIfNeeded: h ^ (h >> 33))
    }
}
