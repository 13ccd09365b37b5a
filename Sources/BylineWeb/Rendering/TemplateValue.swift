/// A view model as templates read it: each field the templates name, as a `TemplateValue`.
///
/// Every case of a view's `value(_:)` says statically what kind of value it is, so that
/// rendering switches on an enum instead of casting `Any` (Mustache's own way, which was
/// a fifth of an uncached article page in casts and lookups).
protocol TemplateView {
    /// The field, or `nil` when this view has none (the template then looks in the views
    /// around it, as Mustache does).
    func value(_ field: TemplateField) -> TemplateValue?
}

/// What a template field holds.
enum TemplateValue {
    /// Escaped with `{{name}}`, written as it is with `{{{name}}}`; a section on it shows once.
    case text(String)
    case flag(Bool)
    case number(Int)
    case view(any TemplateView)
    /// A section shows once per item, none when empty.
    case list([TemplateValue])
    case dictionary([String: String])
    /// A field the view has but left empty: it shows nothing, is false in sections, and ends
    /// the lookup here (a card without a photo never shows the page's).
    case empty

    static func of(_ text: String) -> TemplateValue { .text(text) }
    static func of(_ flag: Bool) -> TemplateValue { .flag(flag) }
    static func of(_ number: Int) -> TemplateValue { .number(number) }
    static func of(_ number: Int64) -> TemplateValue { .number(Int(number)) }
    static func of(_ view: some TemplateView) -> TemplateValue { .view(view) }
    static func of(_ texts: [String]) -> TemplateValue { .list(texts.map(TemplateValue.text)) }
    static func of(_ views: [some TemplateView]) -> TemplateValue { .list(views.map { .view($0) }) }
    static func of(_ dictionary: [String: String]) -> TemplateValue { .dictionary(dictionary) }
    static func of(_ text: String?) -> TemplateValue { text.map(TemplateValue.text) ?? .empty }
    static func of(_ number: Int?) -> TemplateValue { number.map(TemplateValue.number) ?? .empty }
    static func of(_ view: (some TemplateView)?) -> TemplateValue { view.map { .view($0) } ?? .empty }

    /// The field `part` names in this value, for dotted names (`card.photoURL`).
    func child(_ part: TemplateName.Part) -> TemplateValue? {
        switch self {
        case .view(let view): view.value(part.field)
        case .dictionary(let dictionary): dictionary[part.name].map(TemplateValue.text)
        default: nil
        }
    }
}
