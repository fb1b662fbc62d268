/// Folds text for dictionary look-ups: lower case, no diacritics, typographic quotes and
/// dashes made plain, so that "Erdoğan", "ERDOGAN" and "Erdogan" meet.
public enum TextFolding {
    /// The folded form of a word or phrase.
    public static func fold(_ s: String) -> String {
        // ASCII (most words): lower-case the capitals bytewise, or return the string itself.
        var ascii = true, hasUpper = false
        for b in s.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b >= 65 && b <= 90 { hasUpper = true }
        }
        if ascii {
            if !hasUpper { return s }
            return String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.isASCII {
                let v = u.value
                if v >= 65 && v <= 90 { out.append(Unicode.Scalar(v + 32)!) } else { out.append(u) }
                continue
            }
            switch u {
            case "\u{2018}", "\u{2019}", "\u{02BC}", "\u{2032}": out.append("'")
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}": out.append("\"")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": out.append("-")
            case "\u{00A0}": out.append(" ")
            case "\u{0131}": out.append("i")
            case "\u{00DF}": out.append("s"); out.append("s")
            case "\u{0142}", "\u{0141}": out.append("l")
            case "\u{00F8}", "\u{00D8}": out.append("o")
            case "\u{00E6}", "\u{00C6}": out.append("a"); out.append("e")
            case "\u{0111}", "\u{0110}": out.append("d")
            default:
                // Latin letters with diacritics fold to their base letter; combining marks drop.
                if (0x0300...0x036F).contains(u.value) { continue }
                let base = TextFolding.latinBase[u.value] ?? u
                for l in base.properties.lowercaseMapping.unicodeScalars { out.append(l) }
            }
        }
        return String(out)
    }

    /// Base letters of the precomposed Latin letters news names use (Foundation-free NFD subset).
    static let latinBase: [UInt32: Unicode.Scalar] = {
        var t: [UInt32: Unicode.Scalar] = [:]
        func add(_ chars: String, _ base: Unicode.Scalar) { for c in chars.unicodeScalars { t[c.value] = base } }
        add("ÀÁÂÃÄÅĀĂĄǍȀȂẠẢẤẦẨẪẬẮẰẲẴẶ", "A"); add("àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặ", "a")
        add("ÇĆĈĊČ", "C"); add("çćĉċč", "c"); add("ĎḌ", "D"); add("ďḍ", "d")
        add("ÈÉÊËĒĔĖĘĚȄȆẸẺẼẾỀỂỄỆ", "E"); add("èéêëēĕėęěȅȇẹẻẽếềểễệ", "e")
        add("ĜĞĠĢǦ", "G"); add("ĝğġģǧ", "g"); add("ĤḤ", "H"); add("ĥḥ", "h")
        add("ÌÍÎÏĨĪĬĮİǏỈỊ", "I"); add("ìíîïĩīĭįǐỉị", "i"); add("Ĵ", "J"); add("ĵ", "j")
        add("ĶǨ", "K"); add("ķǩ", "k"); add("ĹĻĽĿ", "L"); add("ĺļľŀ", "l")
        add("ÑŃŅŇ", "N"); add("ñńņň", "n")
        add("ÒÓÔÕÖŌŎŐƠǑỌỎỐỒỔỖỘỚỜỞỠỢ", "O"); add("òóôõöōŏőơǒọỏốồổỗộớờởỡợ", "o")
        add("ŔŖŘ", "R"); add("ŕŗř", "r"); add("ŚŜŞŠȘṢ", "S"); add("śŝşšșṣ", "s")
        add("ŢŤȚṬ", "T"); add("ţťțṭ", "t")
        add("ÙÚÛÜŨŪŬŮŰŲƯǓǕǗǙǛỤỦỨỪỬỮỰ", "U"); add("ùúûüũūŭůűųưǔǖǘǚǜụủứừửữự", "u")
        add("Ŵ", "W"); add("ŵ", "w"); add("ÝŶŸỲỴỶỸ", "Y"); add("ýÿŷỳỵỷỹ", "y")
        add("ŹŻŽ", "Z"); add("źżž", "z")
        return t
    }()
}

extension Unicode.Scalar {
    /// `properties.isWhitespace` (Unicode's White_Space), answering ASCII without a property
    /// look-up: the look-ups showed as a tenth of the text and extraction stages.
    @inlinable public var isUnicodeWhiteSpace: Bool {
        value < 0x80 ? (value == 0x20 || (value >= 0x09 && value <= 0x0D)) : properties.isWhitespace
    }

    /// `properties.isAlphabetic`, answering ASCII without a property look-up.
    @inlinable public var isUnicodeAlphabetic: Bool {
        value < 0x80 ? ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A) : properties.isAlphabetic
    }
}
