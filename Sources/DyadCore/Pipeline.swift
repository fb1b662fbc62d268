import Foundation

/// What a pipeline component reads from or adds to a document.
public enum Annotation: String, Sendable, Hashable, CaseIterable {
    /// The raw input; every document starts with it.
    case raw
    /// Extracted article text with title, date and site.
    case article
    case tokens
    case sentences
    /// Part-of-speech tags, lemmas and dependencies.
    case syntax
    case mentions
    case events
    /// Events carry their own dates.
    case eventDates
}

/// One named stage of the pipeline over a `Document`.
///
/// A component declares what it needs and what it adds so that `Pipeline` can refuse an order in
/// which a stage would read something no earlier stage wrote.
public protocol PipelineComponent: Sendable {
    var name: String { get }
    var requires: Set<Annotation> { get }
    var provides: Set<Annotation> { get }
    /// Annotates the document; throws only when the document cannot go on (e.g. nothing to read).
    func process(_ document: inout Document) throws
}

/// Errors in assembling or running a pipeline.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingRequirement(component: String, needs: Annotation)
    case duplicateComponent(String)
    case emptyDocument(id: String)
    case unreadableInput(id: String, reason: String)
    /// The article text is longer than the limit for one document (`bytes` and `limit` in UTF-8 bytes).
    case textTooLong(id: String, bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case let .missingRequirement(c, needs):
            return "component '\(c)' needs '\(needs.rawValue)', which no earlier component provides; put a component that provides it first"
        case let .duplicateComponent(c):
            return "component '\(c)' appears twice in the pipeline"
        case let .emptyDocument(id):
            return "\(id): the document is empty after extraction; nothing to code"
        case let .unreadableInput(id, reason):
            return "\(id): \(reason)"
        case let .textTooLong(id, bytes, limit):
            return "\(id): the article text is \(ByteSize.describe(bytes)), over the \(ByteSize.describe(limit)) limit for one document (coding takes about 90 bytes of memory per byte of text); "
                + "split it into documents (e.g. one per line with --input jsonl) or raise the limit with --max-text-mb"
        }
    }
}

/// An ordered list of components, checked at construction so that every requirement is met.
public struct Pipeline: Sendable {
    public let components: [any PipelineComponent]

    /// Builds a pipeline, checking that each component's requirements are provided by earlier ones.
    /// - Throws: `PipelineError.missingRequirement` or `.duplicateComponent`.
    public init(_ components: [any PipelineComponent]) throws {
        var available: Set<Annotation> = [.raw]
        var names = Set<String>()
        for c in components {
            guard names.insert(c.name).inserted else { throw PipelineError.duplicateComponent(c.name) }
            for need in c.requires.sorted(by: { $0.rawValue < $1.rawValue }) where !available.contains(need) {
                throw PipelineError.missingRequirement(component: c.name, needs: need)
            }
            available.formUnion(c.provides)
        }
        self.components = components
    }

    /// Runs every component in order over one document.
    public func run(_ document: Document) throws -> Document {
        var doc = document
        for c in components { try c.process(&doc) }
        return doc
    }

    public var names: [String] { components.map(\.name) }
}

/// Byte counts in messages.
public enum ByteSize {
    /// MB with one decimal, or KB below one MB ("4.0 MB", "3.1 KB").
    public static func describe(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MB", Double(n) / Double(1 << 20)) : String(format: "%.1f KB", Double(n) / 1024)
    }
}
