import Mustache
import Testing
@testable import BylineWeb

@Suite("Template fields")
struct TemplateFieldsTests {
    struct Outer: MustacheParent {
        let inner: Inner
        func child(named name: String) -> Any? {
            switch name {
            case "name": "바깥 이름"
            case "inner": inner
            default: nil
            }
        }
    }

    struct Inner: MustacheParent {
        let name: String?
        func child(named name: String) -> Any? { name == "name" ? self.name.orNoValue : nil }
    }

    @Test("an empty field renders as nothing and as false, and never borrows an enclosing view's field of the same name")
    func emptyFields() throws {
        let template = try MustacheTemplate(string: "{{#inner}}[{{name}}]{{#name}}있음{{/name}}{{^name}}없음{{/name}}{{/inner}}")
        #expect(template.render(Outer(inner: Inner(name: nil))) == "[]없음")
        #expect(template.render(Outer(inner: Inner(name: "안쪽 <이름>"))) == "[안쪽 &lt;이름&gt;]있음")
    }
}
