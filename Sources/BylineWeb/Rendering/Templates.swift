import BylineMarkup
import Foundation
import Mustache

/// The Mustache templates, parsed once at start-up.
struct Templates: Sendable {
    /// Every page template; the start fails if one is missing.
    static let required = ["layout", "home", "article", "list", "search", "error", "card", "admin-login", "admin-list", "admin-editor", "admin-bar", "admin-history", "admin-sections", "admin-tags", "admin-users", "admin-trash"]

    private let library: MustacheLibrary

    /// The escaper every template that writes output names in its first tag
    /// (`{{% CONTENT_TYPE: BYLINE_HTML }}`): Mustache's own reads Character by Character.
    static let contentTypePragma = "{{% CONTENT_TYPE: BYLINE_HTML }}"
    /// The templates that write output themselves: the pages write theirs through layout's blocks.
    static let writing = ["layout", "card", "admin-bar"]

    static func load(directory: URL? = bundledDirectory("templates")) async throws -> Templates {
        guard let directory, FileManager.default.fileExists(atPath: directory.path) else {
            throw StartupError("템플릿 폴더를 찾을 수 없습니다 (templates directory missing): \(directory?.path ?? "-")")
        }
        MustacheContentTypes.register(FastHTMLEscaping(), named: "BYLINE_HTML")
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory.path)
        } catch let error as MustacheLibrary.ParserError {
            throw StartupError("template \(error.filename) is broken: \(error.error) at line \(error.context.lineNumber)")
        }
        for name in required where library.getTemplate(named: name) == nil {
            throw StartupError("template \(name).mustache is missing from \(directory.path)")
        }
        for name in writing {
            let text = try? String(contentsOf: directory.appendingPathComponent("\(name).mustache"), encoding: .utf8)
            guard text?.hasPrefix(contentTypePragma) == true else {
                throw StartupError("template \(name).mustache must begin with \(contentTypePragma)")
            }
        }
        return Templates(library: library)
    }

    /// Renders a view model; a template that cannot render is a programming error surfaced as a 500.
    func render(_ view: some Sendable, template: String) throws -> String {
        guard let html = library.render(view, withTemplate: template) else {
            throw RenderError(template: template)
        }
        return html
    }
}

/// HTML escaping for templates, byte by byte (see `escapeHTML`).
struct FastHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { escapeHTML(text) }
}

/// A condition that must hold before the server starts; the executable prints it and exits.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

struct RenderError: Error, CustomStringConvertible {
    let template: String
    var description: String { "template \(template) did not render" }
}
