import Testing

@testable import DyadCore

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue_keepingKeyOrder() throws {
        let v = try JSONValue.parse(#" {"b": 1, "a": [true, false, null, -2.5e1, "x"], "c": {"d": 12345678901}} "#)
        guard case .object(let fields) = v else { Issue.record("not an object"); return }
        #expect(fields.map(\.0) == ["b", "a", "c"])
        #expect(v["b"] == .int(1))
        #expect(v["a"]?.arrayValue == [.bool(true), .bool(false), .null, .double(-25), .string("x")])
        #expect(v["c"]?["d"]?.intValue == 12_345_678_901)
    }

    @Test func decodesEscapes_includingSurrogatePairs() throws {
        let v = try JSONValue.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 end""#)
        #expect(v.stringValue == "a\"b\\c/d\n\té😀 end")
        #expect(try JSONValue.parse("\"plain ünïcödé\"").stringValue == "plain ünïcödé")
    }

    @Test func roundTripsWhatDyadWrites() throws {
        let record = JSONValue.object([("id", .string("doc \"1\"\n")), ("n", .int(-3)), ("list", .array([.double(0.5), .null]))])
        #expect(try JSONValue.parse(record.serialized()) == record)
    }

    @Test func badText_isAnErrorWithTheByteOffset() {
        #expect(throws: JSONParseError(offset: 7, message: "expected ',' or '}'")) { try JSONValue.parse(#"{"a":1 "b":2}"#) }
        #expect(throws: JSONParseError(offset: 5, message: "unterminated string")) { try JSONValue.parse(#"["abc"#) }
        #expect(throws: JSONParseError(offset: 3, message: "unexpected text after the JSON value")) { try JSONValue.parse("{} x") }
        #expect(throws: JSONParseError(offset: 0, message: "unexpected end of the text")) { try JSONValue.parse("") }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}
