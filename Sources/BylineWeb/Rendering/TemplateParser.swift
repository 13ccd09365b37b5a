/// A parsed template: Mustache's tags as nodes, with names split and standalone lines
/// already removed, so that rendering only walks them.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}`.
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}...{{/name}}`, or `{{^name}}...{{/name}}` when inverted.
    case section(TemplateName, inverted: Bool, body: [TemplateNode])
    /// `{{> name}}`, or `{{<name}}...{{/name}}` with the blocks it overrides. A standalone tag
    /// indents every line of the partial by the whitespace before it.
    case partial(name: String, indentation: String?, overrides: [String: [TemplateNode]]?)
    /// `{{$name}}default{{/name}}` where a template that inherits may override it.
    case block(name: String, body: [TemplateNode], indentation: String?)
    /// A block's override inside `{{<name}}`; never rendered where it stands.
    case blockDefinition(name: String, body: [TemplateNode])
}

/// A name in a tag: `card.photoURL` split at its dots, each part a field, or `empty(tags)`,
/// whether a list (or text) is empty, the one transform our templates use.
struct TemplateName: Sendable {
    /// One part of a dotted name: a view's field, or a key of a dictionary.
    struct Part: Sendable {
        let name: String
        let field: TemplateField
    }

    let path: [Part]
    /// `{{.}}`: the current value itself.
    let isCurrent: Bool
    let testsEmptiness: Bool

    init(_ text: String) throws {
        var name = Substring(text)
        testsEmptiness = name.hasPrefix("empty(") && name.hasSuffix(")")
        if testsEmptiness { name = name.dropFirst("empty(".count).dropLast() }
        guard !name.contains("("), !name.contains(")") else {
            throw TemplateParser.Failure(description: "\(text): the only transform is empty(...)")
        }
        isCurrent = name == "."
        path = isCurrent ? [] : name.split(separator: ".").map { Part(name: String($0), field: TemplateField(String($0))) }
    }
}

/// Reads Mustache the way swift-mustache does, line for line (its `Template+Parser.swift`),
/// so that the same template files give the same bytes: which lines are standalone, what
/// whitespace a partial is indented by, how inheritance blocks nest. It reads the tags our
/// templates use; set-delimiter tags, transforms and dynamic partials are refused.
struct TemplateParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: String?

        func inSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inInheritance(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    private let characters: [Character]
    private var position = 0

    static func parse(_ text: String) throws -> [TemplateNode] {
        var parser = TemplateParser(characters: Array(text))
        return try parser.parse(State())
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private var atEnd: Bool { position >= characters.count }
    private var current: Character { atEnd ? "\0" : characters[position] }

    private mutating func read(while allowed: (Character) -> Bool) -> String {
        var text = ""
        while !atEnd, allowed(current) {
            text.append(current)
            position += 1
        }
        return text
    }

    private mutating func read(_ expected: String) -> Bool {
        let expected = Array(expected)
        guard position + expected.count <= characters.count,
              Array(characters[position..<position + expected.count]) == expected
        else { return false }
        position += expected.count
        return true
    }

    private mutating func parse(_ initial: State) throws -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whiteSpaceBefore = ""
        func text(_ value: String) -> TemplateNode { .text(Array(value.utf8)) }
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty {
                nodes.append(text(whiteSpaceBefore))
                whiteSpaceBefore = ""
            }
        }
        while !atEnd {
            if state.newLine {
                let whiteSpace = read { $0 == " " || $0 == "\t" }
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = String(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let before = readUntilTagOrNewline()
            if current.isNewline {
                nodes.append(text(whiteSpaceBefore + before + String(current)))
                state.newLine = true
                position += 1
                continue
            }
            if !before.isEmpty {
                nodes.append(text(whiteSpaceBefore + before))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try parseName()
                if isStandalone(state) { setNewLine = true } else { flushWhiteSpace() }
                let body = try parse(state.inSection(name, newLine: setNewLine))
                nodes.append(.section(try TemplateName(name), inverted: inverted, body: body))
            case "/":
                position += 1
                let name = try parseName()
                guard name == state.sectionName else { throw Failure(description: "{{/\(name)}} closes \(state.sectionName ?? "nothing")") }
                if !isStandalone(state) { flushWhiteSpace() }
                return nodes
            case "!":
                position += 1
                while !atEnd, !read("}}") { position += 1 }
                setNewLine = isStandalone(state)
            case "{", "&":
                flushWhiteSpace()
                let braced = current == "{"
                position += 1
                let name = try parseName()
                if braced, !read("}") { throw Failure(description: "{{{\(name)}} lacks a brace") }
                nodes.append(.variable(try TemplateName(name), escaped: false))
            case ">":
                position += 1
                _ = read { $0.isWhitespace }
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { nodes.append(text(whiteSpaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name: name, indentation: whiteSpaceBefore, overrides: nil))
                } else {
                    nodes.append(.partial(name: name, indentation: nil, overrides: nil))
                }
                whiteSpaceBefore = ""
            case "<":
                position += 1
                _ = read { $0.isWhitespace }
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { nodes.append(text(whiteSpaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                var overrides: [String: [TemplateNode]] = [:]
                for node in try parse(state.inInheritance(name)) {
                    switch node {
                    case .blockDefinition(let block, let body): overrides[block] = body
                    case .text: break
                    default: throw Failure(description: "only {{$blocks}} may stand inside {{<\(name)}}")
                    }
                }
                nodes.append(.partial(name: name, indentation: whiteSpaceBefore, overrides: overrides))
                whiteSpaceBefore = ""
            case "$":
                position += 1
                let name = try parseName()
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.inSection(name, newLine: setNewLine))
                    nodes.append(.blockDefinition(name: name, body: body))
                } else {
                    if !whiteSpaceBefore.isEmpty { nodes.append(text(whiteSpaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.inSection(name, newLine: setNewLine))
                    nodes.append(.block(name: name, body: body, indentation: whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
            case "%":
                // The only pragma is the content type, and every template here writes HTML.
                position += 1
                _ = read { $0.isWhitespace }
                let variable = read { Self.nameCharacters.contains($0) }
                _ = read { $0.isWhitespace }
                guard variable == "CONTENT_TYPE", read(":") else { throw Failure(description: "unknown pragma \(variable)") }
                _ = read { $0.isWhitespace }
                let value = read { Self.nameCharacters.contains($0) }
                _ = read { $0.isWhitespace }
                guard ["BYLINE_HTML", "HTML"].contains(value), read("}}") else { throw Failure(description: "unknown content type \(value)") }
                setNewLine = isStandalone(state)
            case "=":
                throw Failure(description: "set-delimiter tags are not supported")
            default:
                flushWhiteSpace()
                let name = try parseName()
                nodes.append(.variable(try TemplateName(name), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw Failure(description: "{{#\(state.sectionName ?? "")}} is never closed") }
        return nodes
    }

    /// Text up to the next `{{` (consumed) or line end (not consumed).
    private mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while !atEnd {
            text += read { !$0.isNewline && $0 != "{" }
            if atEnd || current.isNewline { break }
            if read("{{") { break }
            text.append("{")
            position += 1
        }
        return text
    }

    private mutating func parseName() throws -> String {
        _ = read { $0.isWhitespace }
        let name = read { Self.nameCharacters.contains($0) || $0 == "(" || $0 == ")" }
        _ = read { $0.isWhitespace }
        guard read("}}") else { throw Failure(description: "unfinished tag \(name)") }
        return name
    }

    private mutating func parsePartialName() throws -> String {
        _ = read { $0.isWhitespace }
        let name = read { Self.nameCharacters.contains($0) || $0 == "/" }
        _ = read { $0.isWhitespace }
        guard read("}}") else { throw Failure(description: "unfinished partial \(name)") }
        return name
    }

    /// A tag alone on its line (with only spaces and tabs around it): the line is dropped,
    /// its line end included.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var ahead = position
        while ahead < characters.count, characters[ahead] == " " || characters[ahead] == "\t" { ahead += 1 }
        guard ahead < characters.count, characters[ahead].isNewline else { return false }
        position = ahead + 1
        return true
    }

    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
}
