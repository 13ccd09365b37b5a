// Templates read each view model through `TemplateView`: one case per field the templates
// use, each saying what kind of value it is (see TemplateValue.swift).

extension LayoutView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .title: .of(title)
        case .description: .of(description)
        case .canonicalURL: .of(canonicalURL)
        case .readerScriptURL: .of(readerScriptURL)
        case .siteName: .of(siteName)
        case .cssURL: .of(cssURL)
        case .logoURL: .of(logoURL)
        case .navigation: .of(navigation)
        case .footer: .of(footer)
        case .ticker: .of(ticker)
        case .hasTicker: .of(hasTicker)
        case .share: .of(share)
        case .feeds: .of(feeds)
        case .jsonLD: .of(jsonLD)
        case .masthead: .of(masthead)
        default: nil
        }
    }
}

extension NavigationView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        field == .nav ? .of(nav) : nil
    }
}

extension FooterView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .siteName: .of(siteName)
        case .masthead: .of(masthead)
        default: nil
        }
    }
}

extension Masthead: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .registrationNumber: .of(registrationNumber)
        case .registrationDate: .of(registrationDate)
        case .publisher: .of(publisher)
        case .editor: .of(editor)
        case .address: .of(address)
        case .phone: .of(phone)
        case .youthOfficer: .of(youthOfficer)
        case .youthOfficerContact: .of(youthOfficerContact)
        default: nil
        }
    }
}

extension TickerItem: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .headline: .of(headline)
        case .url: .of(url)
        case .time: .of(time)
        default: nil
        }
    }
}

extension ShareView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .type: .of(type)
        case .title: .of(title)
        case .description: .of(description)
        case .url: .of(url)
        case .image: .of(image)
        case .imageWidth: .of(imageWidth)
        case .imageHeight: .of(imageHeight)
        case .publishedISO: .of(publishedISO)
        case .modifiedISO: .of(modifiedISO)
        default: nil
        }
    }
}

extension CardView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .headline: .of(headline)
        case .summary: .of(summary)
        case .time: .of(time)
        case .timeISO: .of(timeISO)
        case .sectionName: .of(sectionName)
        case .photoURL: .of(photoURL)
        case .photoSrcset: .of(photoSrcset)
        case .photoLargeSrcset: .of(photoLargeSrcset)
        case .photoAlt: .of(photoAlt)
        case .isBreaking: .of(isBreaking)
        case .kindLabel: .of(kindLabel)
        case .isImportant: .of(isImportant)
        default: nil
        }
    }
}

extension LinkView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(self.name)
        case .url: .of(url)
        case .isCurrent: .of(isCurrent)
        default: nil
        }
    }
}

extension BodyBlock: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .html: .of(html)
        case .figure: .of(figure)
        default: nil
        }
    }
}

extension FigureView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .alt: .of(alt)
        case .width: .of(width)
        case .height: .of(height)
        case .webpSrcset: .of(webpSrcset)
        case .jpegSrcset: .of(jpegSrcset)
        case .isLead: .of(isLead)
        case .caption: .of(caption)
        case .creditLine: .of(creditLine)
        case .date: .of(date)
        case .email: .of(email)
        default: nil
        }
    }
}

extension ArticlePage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .breadcrumb: .of(breadcrumb)
        case .headline: .of(headline)
        case .subheadlines: .of(subheadlines)
        case .publishedStamp: .of(publishedStamp)
        case .publishedISO: .of(publishedISO)
        case .updatedStamp: .of(updatedStamp)
        case .updatedISO: .of(updatedISO)
        case .body: .of(body)
        case .reporters: .of(reporters)
        case .tags: .of(tags)
        case .related: .of(related)
        case .best: .of(best)
        case .isBreaking: .of(isBreaking)
        case .corrections: .of(corrections)
        case .articleKindLabel: .of(articleKindLabel)
        case .chain: .of(chain)
        case .live: .of(live)
        default: nil
        }
    }
}

extension ArticlePage.LiveView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .isLive: .of(isLive)
        case .startedStamp: .of(startedStamp)
        case .endedStamp: .of(endedStamp)
        case .streamURL: .of(streamURL)
        case .liveScriptURL: .of(scriptURL)
        case .pinnedEntries: .of(pinnedEntries)
        case .entries: .of(entries)
        default: nil
        }
    }
}

extension ArticlePage.ChainView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .place: .of(place)
        case .newest: .of(newest)
        case .versions: .of(versions)
        default: nil
        }
    }
}

extension ArticlePage.VersionView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .place: .of(place)
        case .headline: .of(headline)
        case .url: .of(url)
        case .isCurrent: .of(isCurrent)
        case .stamp: .of(stamp)
        case .iso: .of(iso)
        default: nil
        }
    }
}

extension ArticlePage.CorrectionNotice: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .text: .of(text)
        case .stamp: .of(stamp)
        case .iso: .of(iso)
        default: nil
        }
    }
}

extension ArticlePage.ReporterView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(self.name)
        case .url: .of(url)
        case .email: .of(email)
        default: nil
        }
    }
}

extension ListPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .heading: .of(heading)
        case .intro: .of(intro)
        case .breadcrumb: .of(breadcrumb)
        case .tabs: .of(tabs)
        case .subsectionBlocks: .of(subsectionBlocks)
        case .cards: .of(cards)
        case .emptyMessage: .of(emptyMessage)
        case .moreURL: .of(moreURL)
        case .previousDay: .of(previousDay)
        case .nextDay: .of(nextDay)
        case .reporterEmail: .of(reporterEmail)
        default: nil
        }
    }
}

extension SectionBlock: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(self.name)
        case .url: .of(url)
        case .cards: .of(cards)
        default: nil
        }
    }
}

extension HomePage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .lead: .of(lead)
        case .topStories: .of(topStories)
        case .latest: .of(latest)
        case .breaking: .of(breaking)
        case .mostRead: .of(mostRead)
        case .sectionBlocks: .of(sectionBlocks)
        default: nil
        }
    }
}

extension ErrorPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .status: .of(status)
        case .heading: .of(heading)
        case .message: .of(message)
        case .requestID: .of(requestID)
        default: nil
        }
    }
}

extension SearchPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .query: .of(query)
        case .hasQuery: .of(hasQuery)
        case .message: .of(message)
        case .results: .of(results)
        case .noResults: .of(noResults)
        case .suggestions: .of(suggestions)
        case .sections: .of(sections)
        case .sortOptions: .of(sortOptions)
        case .reporter: .of(reporter)
        case .from: .of(from)
        case .to: .of(to)
        case .moreURL: .of(moreURL)
        default: nil
        }
    }
}

extension SearchPage.Result: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .card: .of(card)
        case .headlineHTML: .of(headlineHTML)
        case .snippetHTML: .of(snippetHTML)
        default: nil
        }
    }
}
