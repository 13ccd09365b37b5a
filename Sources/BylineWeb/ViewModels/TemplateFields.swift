import Mustache

/// A field that has no value here, returned instead of `nil` so that Mustache stops looking
/// for the name where it is: for `nil` it searches every enclosing view, with a cast at each
/// (a third of the home page's render, through the cards' empty fields), and could find
/// another view's field of the same name (a card without a section showing the page's).
struct NoValue: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

extension Optional {
    /// The value, or `NoValue` for a field the view has but left empty.
    var orNoValue: Any { map { $0 as Any } ?? NoValue() }
}

// Templates read view models through `MustacheParent` instead of reflection: a
// `Mirror` is built for every lookup otherwise, which was measured at over a quarter
// of the CPU time of an uncached article page. Each case names a field the templates use.

extension LayoutView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "description": description
        case "canonicalURL": canonicalURL
        case "siteName": siteName
        case "cssURL": cssURL
        case "logoURL": logoURL
        case "nav": nav
        case "ticker": ticker
        case "hasTicker": hasTicker
        case "share": share
        case "feeds": feeds
        case "jsonLD": jsonLD.orNoValue
        case "masthead": masthead
        default: nil
        }
    }
}

extension Masthead: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "registrationNumber": registrationNumber
        case "registrationDate": registrationDate
        case "publisher": publisher
        case "editor": editor
        case "address": address
        case "phone": phone
        case "youthOfficer": youthOfficer
        case "youthOfficerContact": youthOfficerContact
        default: nil
        }
    }
}

extension TickerItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "headline": headline
        case "url": url
        case "time": time
        default: nil
        }
    }
}

extension ShareView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "type": type
        case "title": title
        case "description": description
        case "url": url
        case "image": image.orNoValue
        case "publishedISO": publishedISO.orNoValue
        case "modifiedISO": modifiedISO.orNoValue
        default: nil
        }
    }
}

extension CardView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "url": url
        case "headline": headline
        case "summary": summary
        case "time": time
        case "timeISO": timeISO
        case "sectionName": sectionName.orNoValue
        case "photoURL": photoURL.orNoValue
        case "photoAlt": photoAlt
        case "isBreaking": isBreaking
        case "kindLabel": kindLabel.orNoValue
        case "isImportant": isImportant
        default: nil
        }
    }
}

extension LinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": url
        case "isCurrent": isCurrent
        default: nil
        }
    }
}

extension BodyBlock: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "html": html
        case "figure": figure
        default: nil
        }
    }
}

extension FigureView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "url": url
        case "alt": alt
        case "width": width
        case "height": height
        case "caption": caption
        case "creditLine": creditLine
        case "date": date
        case "email": email
        default: nil
        }
    }
}

extension ArticlePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "breadcrumb": breadcrumb
        case "headline": headline
        case "subheadlines": subheadlines
        case "publishedStamp": publishedStamp
        case "publishedISO": publishedISO
        case "updatedStamp": updatedStamp
        case "updatedISO": updatedISO
        case "body": body
        case "reporters": reporters
        case "tags": tags
        case "related": related
        case "best": best
        case "isBreaking": isBreaking
        case "corrections": corrections
        case "articleKindLabel": articleKindLabel.orNoValue
        default: nil
        }
    }
}

extension ArticlePage.CorrectionNotice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "stamp": stamp
        case "iso": iso
        default: nil
        }
    }
}

extension ArticlePage.ReporterView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": url
        case "email": email
        default: nil
        }
    }
}

extension ListPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "heading": heading
        case "intro": intro.orNoValue
        case "breadcrumb": breadcrumb
        case "tabs": tabs
        case "subsectionBlocks": subsectionBlocks
        case "cards": cards
        case "emptyMessage": emptyMessage
        case "moreURL": moreURL.orNoValue
        case "previousDay": previousDay.orNoValue
        case "nextDay": nextDay.orNoValue
        case "reporterEmail": reporterEmail.orNoValue
        default: nil
        }
    }
}

extension SectionBlock: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": url
        case "cards": cards
        default: nil
        }
    }
}

extension HomePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "lead": lead.orNoValue
        case "topStories": topStories
        case "latest": latest
        case "breaking": breaking
        case "mostRead": mostRead
        case "sectionBlocks": sectionBlocks
        default: nil
        }
    }
}

extension ErrorPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "status": status
        case "heading": heading
        case "message": message
        case "requestID": requestID
        default: nil
        }
    }
}

extension SearchPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "query": query
        case "hasQuery": hasQuery
        case "message": message.orNoValue
        case "results": results
        case "noResults": noResults
        case "suggestions": suggestions
        case "sections": sections
        case "sortOptions": sortOptions
        case "reporter": reporter.orNoValue
        case "from": from
        case "to": to
        case "moreURL": moreURL.orNoValue
        default: nil
        }
    }
}

extension SearchPage.Result: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "card": card
        case "headlineHTML": headlineHTML
        case "snippetHTML": snippetHTML
        default: nil
        }
    }
}
