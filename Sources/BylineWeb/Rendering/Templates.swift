import BylineMarkup
import Foundation

/// The Mustache templates, parsed once at start-up and rendered by `TemplateRenderer`.
///
/// Designers edit the same `.mustache` files as before; they are read with swift-mustache's
/// rules (a test renders every page with both and compares the bytes), and rendered from
/// typed view models (`TemplateView`) straight into bytes.
struct Templates: Sendable {
    /// Every page template; the start fails if one is missing.
    static let required = ["layout", "home", "article", "list", "search", "error", "card", "admin-login", "admin-list", "admin-editor", "admin-bar", "admin-history", "admin-sections", "admin-tags", "admin-users", "admin-subscribers", "admin-queue", "admin-ingest", "admin-ingest-item", "admin-sources", "admin-dashboard", "admin-trash", "admin-photos", "admin-photo", "site-navigation", "site-footer"]

    /// What every template that writes output names in its first tag, so that swift-mustache
    /// (which the tests compare against) escapes as we do.
    static let contentTypePragma = "{{% CONTENT_TYPE: BYLINE_HTML }}"
    /// The templates that write output themselves: the pages write theirs through layout's blocks.
    static let writing = ["layout", "card", "admin-bar", "site-navigation", "site-footer"]

    let renderer: TemplateRenderer
    /// The files' text by name, for the tests' comparison with swift-mustache.
    let sources: [String: String]
    /// Told of every render (the tests compare each with swift-mustache's); `nil` when serving.
    var observer: (@Sendable (_ view: any TemplateView, _ template: String, _ bytes: [UInt8]) -> Void)?

    static func load(directory: URL? = bundledDirectory("templates")) async throws -> Templates {
        guard let directory, FileManager.default.fileExists(atPath: directory.path) else {
            throw StartupError("템플릿 폴더를 찾을 수 없습니다 (templates directory missing): \(directory?.path ?? "-")")
        }
        var sources: [String: String] = [:]
        var parsed: [String: [TemplateNode]] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        for file in files {
            let name = String(file.dropLast(".mustache".count))
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
                throw StartupError("template \(file) is not readable UTF-8")
            }
            do {
                parsed[name] = try TemplateParser.parse(text)
            } catch {
                throw StartupError("template \(file) is broken: \(error)")
            }
            sources[name] = text
        }
        for name in required where parsed[name] == nil {
            throw StartupError("template \(name).mustache is missing from \(directory.path)")
        }
        for name in writing where sources[name]?.hasPrefix(contentTypePragma) != true {
            throw StartupError("template \(name).mustache must begin with \(contentTypePragma)")
        }
        return Templates(renderer: TemplateRenderer(templates: parsed), sources: sources)
    }

    /// Renders a view model into bytes; an unknown template is a programming error surfaced as a 500.
    func bytes(_ view: some TemplateView, template: String) throws -> [UInt8] {
        guard let bytes = renderer.render(view, template: template) else { throw RenderError(template: template) }
        observer?(view, template, bytes)
        return bytes
    }

    /// Renders a view model into a String (the newsroom's pages).
    func render(_ view: some TemplateView, template: String) throws -> String {
        String(decoding: try bytes(view, template: template), as: UTF8.self)
    }
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
