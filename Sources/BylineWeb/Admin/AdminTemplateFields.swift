import BylineCore
import Mustache

// The newsroom's pages are read by templates through `MustacheParent`, as the reader pages
// are (TemplateFields.swift): each case names a field the admin templates use.

extension UserBar: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "role": role
        case "csrf": csrf
        case "isAdmin": isAdmin
        case "canEditTags": canEditTags
        default: nil
        }
    }
}

extension OptionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension DraftRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "url": url
        case "headline": headline
        case "status": status
        case "statusName": statusName
        case "section": section
        case "authors": authors
        case "updated": updated
        case "returnNote": returnNote
        default: nil
        }
    }
}

extension NewsroomListPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "rows": rows
        case "statuses": statuses
        case "sections": sections
        case "reporter": reporter
        case "query": query
        case "next": next
        default: nil
        }
    }
}

extension ConflictView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "current": current
        default: nil
        }
    }
}

extension CorrectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "at": at
        case "editor": editor
        default: nil
        }
    }
}

extension AuditView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "at": at
        case "user": user
        case "action": action
        case "detail": detail
        default: nil
        }
    }
}

extension PhotoFields: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "caption": caption
        case "credit": credit
        case "alt": alt
        default: nil
        }
    }
}

extension PhotoRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "url": url
        case "caption": caption
        case "credit": credit
        case "alt": alt
        default: nil
        }
    }
}

extension RevisionRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "at": at
        case "user": user
        case "headline": headline
        case "isFrom": isFrom
        case "isTo": isTo
        default: nil
        }
    }
}

extension DiffLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "mark": mark
        case "text": text
        default: nil
        }
    }
}

extension HistoryPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "editURL": editURL
        case "headline": headline
        case "version": version
        case "canRestore": canRestore
        case "revisions": revisions
        case "from": from
        case "to": to
        case "lines": lines
        case "changed": changed
        case "steps": steps
        default: nil
        }
    }
}

extension TrashPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "rows": rows
        default: nil
        }
    }
}

extension SectionRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "path": path
        case "position": position
        case "depth": depth
        case "indent": indent
        case "parents": parents
        default: nil
        }
    }
}

extension SectionsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "rows": rows
        case "parents": parents
        case "errors": errors
        case "notice": notice
        default: nil
        }
    }
}

extension TagRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "articles": articles
        case "url": url
        default: nil
        }
    }
}

extension TagsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "rows": rows
        case "errors": errors
        case "notice": notice
        default: nil
        }
    }
}

extension UserRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "email": email
        case "byline": byline
        case "roles": roles
        default: nil
        }
    }
}

extension TokenRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "hash": hash
        case "name": self.name
        case "email": email
        case "created": created
        default: nil
        }
    }
}

extension UsersPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "rows": rows
        case "roles": roles
        case "emails": emails
        case "tokens": tokens
        case "errors": errors
        case "notice": notice
        case "typedEmail": typedEmail
        case "typedName": typedName
        case "newToken": newToken
        default: nil
        }
    }
}

extension SignInPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "email": email
        case "message": message
        case "csrf": csrf
        default: nil
        }
    }
}
