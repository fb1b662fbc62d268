/// A 128-bit FNV-1a hash: stable across runs, platforms and Swift versions (unlike `Hasher`).
///
/// Used for event ids and document content hashes, where the same input must always give the
/// same id. Not a cryptographic hash.
public struct StableHash: Sendable {
    private var state: UInt128 = 0x6c62272e07bb014262b821756295c58d
    private static let prime: UInt128 = (1 << 88) | 0x13b

    public init() {}

    public mutating func combine(_ s: String) {
        for b in s.utf8 { state = (state ^ UInt128(b)) &* Self.prime }
        state = (state ^ 0x1f) &* Self.prime  // field separator, so ("ab","c") != ("a","bc")
    }

    public mutating func combine(_ i: Int) { combine(String(i)) }

    /// The hash's low 64 bits (the last 16 digits of `hex`), without writing it out.
    public var low64: UInt64 { UInt64(truncatingIfNeeded: state) }

    /// The hash as 32 lowercase hex digits.
    public var hex: String {
        let s = String(state, radix: 16)
        return String(repeating: "0", count: 32 - s.count) + s
    }

    /// The hash of one string.
    public static func hex(of s: String) -> String {
        var h = StableHash()
        h.combine(s)
        return h.hex
    }
}
