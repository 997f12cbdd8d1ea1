extension IntervalExport {
    /// An encoded energy table: its bytes in order, in the chunks they were written in (an answer can be tens of
    /// megabytes, written in parts at once; joining them would copy it all again).
    public struct Encoded: Sendable {
        private let pieces: [ByteChunks]
        /// Each chunk: its piece and its place there.
        private let index: [(piece: Int, span: Int)]

        init(pieces: [ByteChunks]) {
            self.pieces = pieces
            index = pieces.indices.flatMap { piece in
                (0..<pieces[piece].chunkCount).filter { !pieces[piece].span($0).isEmpty }.map { (piece, $0) }
            }
        }

        /// `text` as it is (for stand-ins and small answers).
        public init(_ text: String) {
            self.init(pieces: [ByteChunks(text.utf8)])
        }

        /// The number of bytes.
        public var count: Int { pieces.reduce(0) { $0 + $1.count } }

        /// The number of chunks, none empty.
        public var chunkCount: Int { index.count }

        /// Calls `body` with the bytes of chunk `number` (0 ..< `chunkCount`), which are valid during the call only.
        public func withChunk<T>(_ number: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
            let (piece, span) = index[number]
            return try withExtendedLifetime(pieces[piece]) { try body($0.span(span)) }
        }

        /// The whole text as bytes.
        public var bytes: [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            for number in 0..<chunkCount { withChunk(number) { bytes.append(contentsOf: $0) } }
            return bytes
        }

        /// The whole text (UTF-8).
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }
}
