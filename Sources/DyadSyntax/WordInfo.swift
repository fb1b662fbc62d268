/// The hashed views of one word that the tagger and parser build features from, computed once per
/// token: lower-cased form, exact form, shape, prefixes and suffixes.
struct WordInfo: Sendable {
    var lower: UInt64 = 0
    var form: UInt64 = 0
    var shape: UInt64 = 0
    var suf1: UInt64 = 0
    var suf2: UInt64 = 0
    var suf3: UInt64 = 0
    var suf4: UInt64 = 0
    var pre1: UInt64 = 0
    var pre2: UInt64 = 0
    var pre3: UInt64 = 0
    /// Bit 0: has a digit; bit 1: has a hyphen; bit 2: starts upper-case; bit 3: all upper-case;
    /// bit 4: a comma, semicolon or dash (a clause or list break).
    var flags: UInt64 = 0

    /// Hashes of padding words before the sentence start and after its end.
    static let start = WordInfo(pad: "-START-")
    static let start2 = WordInfo(pad: "-START2-")
    static let end = WordInfo(pad: "-END-")
    static let end2 = WordInfo(pad: "-END2-")
    static let root = WordInfo(pad: "-ROOT-")

    private init(pad: String) {
        let h = FeatureHash.bytes(pad.utf8)
        lower = h; form = h; shape = h; suf1 = h; suf2 = h; suf3 = h; suf4 = h; pre1 = h; pre2 = h; pre3 = h
    }

    init(_ word: String) {
        var bytes = Array(word.utf8)
        form = FeatureHash.bytes(bytes)
        var ascii = true
        var upperCount = 0, letterCount = 0
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii {
            if let first = bytes.first, first >= 65 && first <= 90 { flags |= 4 }
        } else if let first = word.unicodeScalars.first, first.properties.isUppercase {
            flags |= 4
        }
        if ascii {
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 65 && b <= 90 { bytes[i] = b + 32; upperCount += 1; letterCount += 1 }
                else if b >= 97 && b <= 122 { letterCount += 1 }
            }
        } else {
            bytes = Array(word.lowercased().utf8)
        }
        if letterCount > 1 && upperCount == letterCount { flags |= 8 }
        lower = FeatureHash.bytes(bytes)
        let n = bytes.count
        @inline(__always) func suffix(_ k: Int) -> UInt64 { FeatureHash.bytes(bytes[max(0, n - k)..<n]) &+ UInt64(k) }
        @inline(__always) func prefix(_ k: Int) -> UInt64 { FeatureHash.bytes(bytes[0..<min(n, k)]) &+ UInt64(16 + k) }
        suf1 = suffix(1); suf2 = suffix(2); suf3 = suffix(3); suf4 = suffix(4)
        pre1 = prefix(1); pre2 = prefix(2); pre3 = prefix(3)
        // Shape: X for upper, x for lower, d for digit, the byte itself otherwise; runs cut at 3.
        var h = FeatureHash.fnvOffset
        var last: UInt8 = 0, run = 0
        for b in word.utf8 {
            let c: UInt8
            switch b {
            case 65...90: c = 88
            case 97...122: c = 120
            case 48...57: c = 100; flags |= 1
            case 45: c = 45; flags |= 2
            case 0x80...: c = 117
            default: c = b
            }
            if c == last { run += 1 } else { run = 1; last = c }
            if run <= 3 { h = (h ^ UInt64(c)) &* FeatureHash.fnvPrime }
        }
        shape = h
        if bytes.count <= 3 && (word == "," || word == ";" || word == "-" || word == "--" || word == "—" || word == "–") { flags |= 16 }
    }
}
