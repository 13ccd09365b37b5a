import BylineMarkup

/// Renders parsed templates into bytes, with Mustache's rules as swift-mustache applies them:
/// names looked up through the views around the current one, sections over lists, flags and
/// views, partials indented as their standalone tag was, and inheritance blocks.
struct TemplateRenderer {
    let templates: [String: [TemplateNode]]

    /// What a partial or a block changes for the nodes inside it.
    private struct Context {
        var indentation: String?
        var overrides: [String: [TemplateNode]]?
    }

    /// The views around the node being rendered, innermost last: one array for the whole
    /// render, pushed and popped around each section (a copy per section was an allocation
    /// and a retain of every view on it for each card of a list).
    private typealias Stack = [TemplateValue]

    func render(_ view: some TemplateView, template name: String) -> [UInt8]? {
        guard let nodes = templates[name] else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(32 * 1024)
        var stack: Stack = [.view(view)]
        stack.reserveCapacity(8)
        render(nodes, Context(), &stack, into: &output)
        return output
    }

    private func render(_ nodes: [TemplateNode], _ context: Context, _ stack: inout Stack, into output: inout [UInt8]) {
        guard let indentation = context.indentation, !indentation.isEmpty else {
            for node in nodes { render(node, context, &stack, into: &output) }
            return
        }
        // Each piece after a line end starts with the partial's indentation (not the first:
        // the whitespace before the tag was written already).
        let start = output.count
        for node in nodes {
            let mark = output.count
            render(node, context, &stack, into: &output)
            if output.count > mark, mark > start, output[mark - 1] == UInt8(ascii: "\n") {
                output.insert(contentsOf: indentation.utf8, at: mark)
            }
        }
    }

    private func render(_ node: TemplateNode, _ context: Context, _ stack: inout Stack, into output: inout [UInt8]) {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            switch lookup(name, in: stack) {
            case .text(let text): escaped ? appendEscapedHTML(text, to: &output) : output.append(contentsOf: text.utf8)
            case .number(let number): output.append(contentsOf: String(number).utf8)
            case .flag(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .view, .list, .dictionary, .empty, nil: break
            }
        case .section(let name, let inverted, let body):
            let value = lookup(name, in: stack)
            if inverted {
                if isFalse(value) { render(body, context, &stack, into: &output) }
                return
            }
            switch value {
            case .list(let items):
                for item in items {
                    stack.append(item)
                    render(body, context, &stack, into: &output)
                    stack.removeLast()
                }
            case .flag(let flag):
                if flag { render(body, context, &stack, into: &output) }
            case .empty, nil:
                break
            case .some(let value):
                stack.append(value)
                render(body, context, &stack, into: &output)
                stack.removeLast()
            }
        case .partial(let name, let indentation, let overrides):
            guard let nodes = templates[name] else { return }
            var inner = context
            if let indentation { inner.indentation = (context.indentation ?? "") + indentation }
            if let overrides {
                // The outer template's overrides win over the ones nearer the block.
                inner.overrides = context.overrides.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(nodes, inner, &stack, into: &output)
        case .block(let name, let body, let indentation):
            var inner = context
            if let indentation { inner.indentation = (context.indentation ?? "") + indentation }
            render(context.overrides?[name] ?? body, inner, &stack, into: &output)
        case .blockDefinition:
            break
        }
    }

    private func isFalse(_ value: TemplateValue?) -> Bool {
        switch value {
        case .list(let items): items.isEmpty
        case .flag(let flag): !flag
        case .empty, nil: true
        default: false
        }
    }

    /// The value a name refers to: its first part from the innermost view that has it, the
    /// rest from within that value; for `empty(name)`, whether that list or text is empty
    /// (`nil` for anything else, as swift-mustache's transform gives). Views are asked by
    /// field number (`TemplateField`), never by comparing names.
    private func lookup(_ name: TemplateName, in stack: Stack) -> TemplateValue? {
        guard let value = name.isCurrent ? stack.last : lookup(name.path, in: stack) else { return nil }
        guard name.testsEmptiness else { return value }
        switch value {
        case .list(let items): return .flag(items.isEmpty)
        case .text(let text): return .flag(text.isEmpty)
        default: return nil
        }
    }

    private func lookup(_ path: [TemplateName.Part], in stack: Stack) -> TemplateValue? {
        guard let first = path.first else { return nil }
        // By index: iterating `stack.reversed()` copied every view it passed.
        for index in stack.indices.reversed() {
            guard var value = stack[index].child(first) else { continue }
            for part in path.dropFirst() {
                guard let child = value.child(part) else { return nil }
                value = child
            }
            return value
        }
        return nil
    }
}
