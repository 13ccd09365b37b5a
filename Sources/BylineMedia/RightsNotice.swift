/// The agency's rights notice, the only metadata a public file keeps: XMP dc:rights,
/// photoshop:Credit and dc:creator, so that a copied picture still says whose it is.
public struct RightsNotice: Hashable, Sendable {
    public var copyright: String?
    public var credit: String?
    public var creator: String?

    public init(copyright: String?, credit: String?, creator: String?) {
        self.copyright = copyright
        self.credit = credit
        self.creator = creator
    }

    var isEmpty: Bool { [copyright, credit, creator].allSatisfy { ($0 ?? "").isEmpty } }

    /// An XMP packet with those three properties.
    var xmp: String {
        func escaped(_ text: String) -> String {
            var out = ""
            for character in text.unicodeScalars {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default:
                    if character.value < 0x20, character != "\n", character != "\t" { continue }
                    out.unicodeScalars.append(character)
                }
            }
            return out
        }
        var properties = ""
        if let copyright, !copyright.isEmpty {
            properties += "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escaped(copyright))</rdf:li></rdf:Alt></dc:rights>"
        }
        if let creator, !creator.isEmpty {
            properties += "<dc:creator><rdf:Seq><rdf:li>\(escaped(creator))</rdf:li></rdf:Seq></dc:creator>"
        }
        if let credit, !credit.isEmpty {
            properties += "<photoshop:Credit>\(escaped(credit))</photoshop:Credit>"
        }
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>\
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" \
            xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">\(properties)</rdf:Description></rdf:RDF></x:xmpmeta>\
            <?xpacket end="w"?>
            """
    }
}
