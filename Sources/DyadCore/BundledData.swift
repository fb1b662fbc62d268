import Foundation

/// Reading the data files a stage target ships as resources, and telling text from binary bytes;
/// shared by every stage so each keeps only its own `Bundle.module`.
public enum BundledData {
    /// The UTF-8 contents of `Resources/<name>` in a target's bundle.
    /// - Throws: `DataFileError` when the file is missing from the build.
    public static func load(_ name: String, from bundle: Bundle) throws -> String {
        guard let url = bundle.url(forResource: "Resources/\(name)", withExtension: nil) else {
            throw DataFileError(file: name, line: 0, message: "bundled data file is missing from the build")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Why bytes are not `expected` (e.g. "text", "HTML"): NUL bytes or mostly control characters
    /// in the first 8 KB; nil when they look like text.
    @inlinable
    public static func binaryProblem<C: Collection>(_ bytes: C, expected: String) -> String? where C.Element == UInt8 {
        let sample = bytes.prefix(8192)
        var control = 0
        for b in sample {
            if b == 0 { return "binary data (contains NUL bytes), not \(expected)" }
            if b < 9 || (b > 13 && b < 32) { control += 1 }
        }
        if !sample.isEmpty, control * 10 > sample.count { return "binary data (mostly control characters), not \(expected)" }
        return nil
    }
}
