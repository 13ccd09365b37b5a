import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// XML read into a small tree, never resolving an entity beyond XML's own five and character
/// references: a document with a DOCTYPE is refused before the parser sees it, since every
/// external entity and every entity-expansion bomb needs one.
public enum SafeXML {
    /// An element: its local name and namespace, attributes by their local names, children in order.
    public struct Element: Sendable {
        public var name: String
        public var namespace: String
        public var attributes: [String: String]
        public var children: [Node]

        /// Child elements named `name` (in any namespace).
        public func elements(_ name: String) -> [Element] {
            children.compactMap { if case .element(let element) = $0, element.name == name { element } else { nil } }
        }

        public func element(_ name: String) -> Element? { elements(name).first }

        /// Every element below this one named `name`, in document order.
        public func descendants(_ name: String) -> [Element] {
            children.flatMap { node -> [Element] in
                guard case .element(let element) = node else { return [] }
                return (element.name == name ? [element] : []) + element.descendants(name)
            }
        }

        /// The text inside, all of it, trimmed.
        public var text: String {
            var text = ""
            func collect(_ element: Element) {
                for child in element.children {
                    switch child {
                    case .text(let value): text += value
                    case .element(let inner): collect(inner)
                    }
                }
            }
            collect(self)
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The children written out again as markup (for an XHTML body held inline).
        public var innerMarkup: String {
            var output = ""
            func write(_ nodes: [Node]) {
                for node in nodes {
                    switch node {
                    case .text(let value): output += escape(value)
                    case .element(let element):
                        output += "<" + element.name
                        for (key, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
                            output += " \(key)=\"\(escape(value))\""
                        }
                        output += ">"
                        write(element.children)
                        output += "</\(element.name)>"
                    }
                }
            }
            write(children)
            return output
        }

        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
    }

    public indirect enum Node: Sendable {
        case element(Element)
        case text(String)
    }

    /// Deeper than any news item or feed nests.
    static let maximumDepth = 100

    /// The document's root element. Throws `IngestProblem` for anything but well-formed
    /// UTF-8 XML without a DOCTYPE.
    public static func parse(_ bytes: [UInt8]) throws -> Element {
        try refuseDeclaredEncoding(bytes)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw IngestProblem.notUTF8(declared: nil) }
        if contains(bytes, "<!DOCTYPE") || contains(bytes, "<!ENTITY") { throw IngestProblem.documentTypeDeclaration }
        let parser = XMLParser(data: Data(bytes))
        let builder = TreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.shouldReportNamespacePrefixes = false
        // `parse()` can answer true with an error recorded (an unclosed element): both are read.
        let parsed = parser.parse()
        if builder.tooDeep { throw IngestProblem.tooDeep }
        guard parsed, parser.parserError == nil, let root = builder.root else {
            throw IngestProblem.malformedXML(line: parser.lineNumber, column: parser.columnNumber)
        }
        return root
    }

    /// Refuses an XML declaration naming any encoding but UTF-8.
    static func refuseDeclaredEncoding(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstIndex(of: UInt8(ascii: ">")) else { return }
        let declaration = String(decoding: bytes[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return }
        let value = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return }
        let name = String(value.dropFirst().prefix { $0 != quote })
        let normalised = name.lowercased()
        guard normalised == "utf-8" || normalised == "utf8" else { throw IngestProblem.notUTF8(declared: name) }
    }

    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return false }
        var index = 0
        while let start = bytes[index...].firstIndex(of: pattern[0]), start + pattern.count <= bytes.count {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
            index = start + 1
        }
        return false
    }

    /// Builds the tree from the parser's events.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Element] = []
        var root: Element?
        var tooDeep = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            guard stack.count < SafeXML.maximumDepth else {
                tooDeep = true
                parser.abortParsing()
                return
            }
            var local: [String: String] = [:]
            for (key, value) in attributes { local[key.split(separator: ":").last.map(String.init) ?? key] = value }
            stack.append(Element(name: name, namespace: namespaceURI ?? "", attributes: local, children: []))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(.element(element))
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].children.append(.text(string))
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].children.append(.text(String(decoding: block, as: UTF8.self)))
        }
    }
}
