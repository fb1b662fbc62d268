/// Decides how the bytes of a web page are encoded, before libxml2 parses them.
///
/// Order: a byte-order mark; else the charset the page declares (`<meta charset>`,
/// `http-equiv` content type or an XML declaration in the first 4 KB); else UTF-8. Bytes that are
/// valid UTF-8 with non-ASCII characters are read as UTF-8 even when the page declares a
/// single-byte charset (a common mis-declaration), and invalid bytes in a UTF-8 page are read as
/// windows-1252, one byte at a time.
enum HTMLCharset {
    /// The bytes to hand libxml2 and the encoding name to tell it.
    struct Prepared {
        var bytes: [UInt8]
        var encoding: String
    }

    /// Encodings libxml2 (through iconv) reads that pages declare under other names.
    static let aliases: [String: String] = [
        "gb2312": "GB18030", "gbk": "GB18030", "x-gbk": "GB18030", "gb18030": "GB18030", "cp936": "GB18030",
        "shift_jis": "SHIFT_JIS", "shift-jis": "SHIFT_JIS", "sjis": "SHIFT_JIS", "x-sjis": "SHIFT_JIS", "windows-31j": "CP932",
        "euc-jp": "EUC-JP", "euc-kr": "EUC-KR", "big5": "BIG5", "koi8-r": "KOI8-R", "koi8-u": "KOI8-U",
    ]
    static let singleByteLatin: Set<String> = ["iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso-8859-15"]

    static func prepare(_ input: [UInt8]) -> Prepared {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            return Prepared(bytes: repairUTF8(Array(input[3...])), encoding: "UTF-8")
        }
        if input.count >= 2, input[0] == 0xFF, input[1] == 0xFE { return Prepared(bytes: Array(input[2...]), encoding: "UTF-16LE") }
        if input.count >= 2, input[0] == 0xFE, input[1] == 0xFF { return Prepared(bytes: Array(input[2...]), encoding: "UTF-16BE") }
        let declared = declaredCharset(input)
        let utf8 = utf8Status(input)
        if let declared, declared != "utf-8", declared != "utf8" {
            // Valid UTF-8 with multi-byte characters is almost never a legacy charset by accident.
            if utf8 == .validNonASCII { return Prepared(bytes: input, encoding: "UTF-8") }
            if singleByteLatin.contains(declared) { return Prepared(bytes: windows1252ToUTF8(input), encoding: "UTF-8") }
            if let name = aliases[declared] { return Prepared(bytes: input, encoding: name) }
            if declared.hasPrefix("windows-") || declared.hasPrefix("iso-8859-") || declared.hasPrefix("cp") {
                return Prepared(bytes: input, encoding: declared.uppercased())
            }
        }
        return Prepared(bytes: utf8 == .invalid ? repairUTF8(input) : input, encoding: "UTF-8")
    }

    enum UTF8Status { case ascii, validNonASCII, invalid }

    static func utf8Status(_ b: [UInt8]) -> UTF8Status {
        var i = 0
        var nonASCII = false
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            nonASCII = true
            let len = sequenceLength(b, i)
            if len == 0 { return .invalid }
            i += len
        }
        return nonASCII ? .validNonASCII : .ascii
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when it is not one.
    @inline(__always)
    static func sequenceLength(_ b: [UInt8], _ i: Int) -> Int {
        let c = b[i]
        let n = b.count
        func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        if c >= 0xC2 && c <= 0xDF { return cont(i + 1) ? 2 : 0 }
        if c >= 0xE0 && c <= 0xEF {
            guard cont(i + 1), cont(i + 2) else { return 0 }
            if c == 0xE0 && b[i + 1] < 0xA0 { return 0 }
            if c == 0xED && b[i + 1] > 0x9F { return 0 }
            return 3
        }
        if c >= 0xF0 && c <= 0xF4 {
            guard cont(i + 1), cont(i + 2), cont(i + 3) else { return 0 }
            if c == 0xF0 && b[i + 1] < 0x90 { return 0 }
            if c == 0xF4 && b[i + 1] > 0x8F { return 0 }
            return 4
        }
        return 0
    }

    /// UTF-8 kept as it is; every byte that does not start a valid sequence read as windows-1252.
    static func repairUTF8(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { out.append(c); i += 1; continue }
            let len = sequenceLength(b, i)
            if len > 0 {
                out.append(contentsOf: b[i..<(i + len)])
                i += len
            } else {
                appendUTF8(windows1252(c), to: &out)
                i += 1
            }
        }
        return out
    }

    static func windows1252ToUTF8(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        for c in b {
            if c < 0x80 { out.append(c) } else { appendUTF8(windows1252(c), to: &out) }
        }
        return out
    }

    /// windows-1252 differs from Latin-1 only in 0x80–0x9F.
    static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252(_ c: UInt8) -> UInt32 { c >= 0x80 && c <= 0x9F ? high[Int(c - 0x80)] : UInt32(c) }

    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 { out.append(UInt8(v)) }
        else if v < 0x800 { out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F))) }
        else { out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F))) }
    }

    /// The charset named in the first 4 KB: `charset=NAME` (meta tags) or `encoding="NAME"` (XML declaration).
    static func declaredCharset(_ b: [UInt8]) -> String? {
        let head = b.prefix(4096).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        for key in [Array("charset=".utf8), Array("encoding=".utf8)] {
            var i = 0
            while i + key.count <= head.count {
                if head[i] == key[0], Array(head[i..<(i + key.count)]) == key {
                    var k = i + key.count
                    while k < head.count, head[k] == 0x22 || head[k] == 0x27 || head[k] == 0x20 { k += 1 }
                    var name: [UInt8] = []
                    while k < head.count, name.count < 40 {
                        let c = head[k]
                        let ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 0x2D || c == 0x5F || c == 0x3A || c == 0x2E
                        if !ok { break }
                        name.append(c)
                        k += 1
                    }
                    if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                }
                i += 1
            }
        }
        return nil
    }
}
