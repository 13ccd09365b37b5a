import BylineCore

// The newsroom's pages are read by templates through `TemplateView`, as the reader pages
// are (TemplateFields.swift): each case names a field the admin templates use.

extension UserBar: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(self.name)
        case .role: .of(role)
        case .csrf: .of(csrf)
        case .isAdmin: .of(isAdmin)
        case .canEditTags: .of(canEditTags)
        default: nil
        }
    }
}

extension OptionView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .value: .of(value)
        case .label: .of(label)
        case .selected: .of(selected)
        default: nil
        }
    }
}

extension DraftRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .headline: .of(headline)
        case .status: .of(status)
        case .statusName: .of(statusName)
        case .section: .of(section)
        case .authors: .of(authors)
        case .updated: .of(updated)
        case .returnNote: .of(returnNote)
        case .place: .of(place)
        case .isLive: .of(isLive)
        default: nil
        }
    }
}

extension OngoingLiveRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .headline: .of(headline)
        case .startedStamp: .of(startedStamp)
        case .entryCount: .of(String(entryCount))
        default: nil
        }
    }
}

extension NewsroomListPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .rows: .of(rows)
        case .ongoingLive: .of(ongoingLive)
        case .statuses: .of(statuses)
        case .sections: .of(sections)
        case .reporter: .of(reporter)
        case .query: .of(query)
        case .next: .of(next)
        default: nil
        }
    }
}

extension ConflictView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .current: .of(current)
        default: nil
        }
    }
}

extension CorrectionView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .text: .of(text)
        case .at: .of(at)
        case .editor: .of(editor)
        default: nil
        }
    }
}

extension AuditView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .at: .of(at)
        case .user: .of(user)
        case .action: .of(action)
        case .detail: .of(detail)
        default: nil
        }
    }
}

extension PhotoFields: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .caption: .of(caption)
        case .credit: .of(credit)
        case .alt: .of(alt)
        default: nil
        }
    }
}

extension PhotoRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .caption: .of(caption)
        case .credit: .of(credit)
        case .alt: .of(alt)
        default: nil
        }
    }
}

extension RevisionRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .number: .of(number)
        case .at: .of(at)
        case .user: .of(user)
        case .headline: .of(headline)
        case .isFrom: .of(isFrom)
        case .isTo: .of(isTo)
        default: nil
        }
    }
}

extension DiffLine: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .kind: .of(kind)
        case .mark: .of(mark)
        case .text: .of(text)
        default: nil
        }
    }
}

extension HistoryPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .editURL: .of(editURL)
        case .headline: .of(headline)
        case .version: .of(version)
        case .canRestore: .of(canRestore)
        case .revisions: .of(revisions)
        case .from: .of(from)
        case .to: .of(to)
        case .lines: .of(lines)
        case .changed: .of(changed)
        case .steps: .of(steps)
        default: nil
        }
    }
}

extension TrashPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .rows: .of(rows)
        default: nil
        }
    }
}

extension SectionRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .name: .of(self.name)
        case .path: .of(path)
        case .position: .of(position)
        case .depth: .of(depth)
        case .indent: .of(indent)
        case .parents: .of(parents)
        default: nil
        }
    }
}

extension SectionsPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .rows: .of(rows)
        case .parents: .of(parents)
        case .errors: .of(errors)
        case .notice: .of(notice)
        default: nil
        }
    }
}

extension TagRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(self.name)
        case .articles: .of(articles)
        case .url: .of(url)
        default: nil
        }
    }
}

extension TagsPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .rows: .of(rows)
        case .errors: .of(errors)
        case .notice: .of(notice)
        default: nil
        }
    }
}

extension UserRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .name: .of(self.name)
        case .email: .of(email)
        case .byline: .of(byline)
        case .roles: .of(roles)
        default: nil
        }
    }
}

extension TokenRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .hash: .of(hash)
        case .name: .of(self.name)
        case .email: .of(email)
        case .created: .of(created)
        default: nil
        }
    }
}

extension UsersPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .rows: .of(rows)
        case .roles: .of(roles)
        case .emails: .of(emails)
        case .tokens: .of(tokens)
        case .errors: .of(errors)
        case .notice: .of(notice)
        case .typedEmail: .of(typedEmail)
        case .typedName: .of(typedName)
        case .newToken: .of(newToken)
        default: nil
        }
    }
}

extension SignInPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .email: .of(email)
        case .message: .of(message)
        case .csrf: .of(csrf)
        default: nil
        }
    }
}
