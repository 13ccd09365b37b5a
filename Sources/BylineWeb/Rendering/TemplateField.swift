import Synchronization

/// A name a template may ask a view for, as a number: a view answers by comparing numbers
/// (`TemplateView.value(_:)`), not strings, and the numbers of the names views know are
/// constants. Templates are parsed into these when the site starts. A name no view knows
/// gets a number of its own, which no view answers to: Mustache renders it as nothing.
struct TemplateField: Hashable, Sendable {
    let id: Int32

    private init(id: Int32) {
        self.id = id
    }

    /// The field called `name`, the same value for the same name everywhere.
    init(_ name: String) {
        if let known = Self.known[name] {
            id = known
            return
        }
        id = Self.others.withLock { others in
            if let id = others.ids[name] { return id }
            let id = Int32(Self.names.count + others.names.count)
            others.names.append(name)
            others.ids[name] = id
            return id
        }
    }

    var name: String {
        Int(id) < Self.names.count ? Self.names[Int(id)] : Self.others.withLock { $0.names[Int(id) - Self.names.count] }
    }

    private static let known = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
    private static let others = Mutex<(names: [String], ids: [String: Int32])>(([], [:]))
}

// Every field a view answers to, numbered in the order of `names`.
extension TemplateField {
    static let action = TemplateField(id: 0)
    static let address = TemplateField(id: 1)
    static let alt = TemplateField(id: 2)
    static let articleKindLabel = TemplateField(id: 3)
    static let articles = TemplateField(id: 4)
    static let at = TemplateField(id: 5)
    static let audit = TemplateField(id: 6)
    static let authors = TemplateField(id: 7)
    static let autosaveOffer = TemplateField(id: 8)
    static let best = TemplateField(id: 9)
    static let body = TemplateField(id: 10)
    static let breadcrumb = TemplateField(id: 11)
    static let breaking = TemplateField(id: 12)
    static let byline = TemplateField(id: 13)
    static let canCorrect = TemplateField(id: 14)
    static let canDelete = TemplateField(id: 15)
    static let canEdit = TemplateField(id: 16)
    static let canEditTags = TemplateField(id: 17)
    static let canPin = TemplateField(id: 18)
    static let canPublish = TemplateField(id: 19)
    static let canRestore = TemplateField(id: 20)
    static let canReturn = TemplateField(id: 21)
    static let canSchedule = TemplateField(id: 22)
    static let canSubmit = TemplateField(id: 23)
    static let canUndelete = TemplateField(id: 24)
    static let canUnpublish = TemplateField(id: 25)
    static let canonicalURL = TemplateField(id: 26)
    static let caption = TemplateField(id: 27)
    static let card = TemplateField(id: 28)
    static let cards = TemplateField(id: 29)
    static let changed = TemplateField(id: 30)
    static let conflict = TemplateField(id: 31)
    static let corrections = TemplateField(id: 32)
    static let created = TemplateField(id: 33)
    static let credit = TemplateField(id: 34)
    static let creditLine = TemplateField(id: 35)
    static let csrf = TemplateField(id: 36)
    static let cssURL = TemplateField(id: 37)
    static let current = TemplateField(id: 38)
    static let date = TemplateField(id: 39)
    static let dateline = TemplateField(id: 40)
    static let depth = TemplateField(id: 41)
    static let description = TemplateField(id: 42)
    static let detail = TemplateField(id: 43)
    static let editURL = TemplateField(id: 44)
    static let editor = TemplateField(id: 45)
    static let editorScriptURL = TemplateField(id: 46)
    static let email = TemplateField(id: 47)
    static let emails = TemplateField(id: 48)
    static let embargoUntil = TemplateField(id: 49)
    static let emptyMessage = TemplateField(id: 50)
    static let errors = TemplateField(id: 51)
    static let failure = TemplateField(id: 52)
    static let feeds = TemplateField(id: 53)
    static let figure = TemplateField(id: 54)
    static let files = TemplateField(id: 55)
    static let focusLeft = TemplateField(id: 56)
    static let focusTop = TemplateField(id: 57)
    static let footer = TemplateField(id: 58)
    static let form = TemplateField(id: 59)
    static let from = TemplateField(id: 60)
    static let grade = TemplateField(id: 61)
    static let gradeOptions = TemplateField(id: 62)
    static let hasErrors = TemplateField(id: 63)
    static let hasQuery = TemplateField(id: 64)
    static let hasTicker = TemplateField(id: 65)
    static let hash = TemplateField(id: 66)
    static let heading = TemplateField(id: 67)
    static let headline = TemplateField(id: 68)
    static let headlineHTML = TemplateField(id: 69)
    static let height = TemplateField(id: 70)
    static let html = TemplateField(id: 71)
    static let id = TemplateField(id: 72)
    static let image = TemplateField(id: 73)
    static let imageHeight = TemplateField(id: 74)
    static let imageWidth = TemplateField(id: 75)
    static let indent = TemplateField(id: 76)
    static let intro = TemplateField(id: 77)
    static let isAdmin = TemplateField(id: 78)
    static let isBreaking = TemplateField(id: 79)
    static let isCurrent = TemplateField(id: 80)
    static let isFiltered = TemplateField(id: 81)
    static let isFrom = TemplateField(id: 82)
    static let isImportant = TemplateField(id: 83)
    static let isLead = TemplateField(id: 84)
    static let isNew = TemplateField(id: 85)
    static let isPinned = TemplateField(id: 86)
    static let isTo = TemplateField(id: 87)
    static let iso = TemplateField(id: 88)
    static let jpegSrcset = TemplateField(id: 89)
    static let jsonLD = TemplateField(id: 90)
    static let kind = TemplateField(id: 91)
    static let kindLabel = TemplateField(id: 92)
    static let kindOptions = TemplateField(id: 93)
    static let label = TemplateField(id: 94)
    static let latest = TemplateField(id: 95)
    static let layout = TemplateField(id: 96)
    static let lead = TemplateField(id: 97)
    static let lines = TemplateField(id: 98)
    static let logoURL = TemplateField(id: 99)
    static let mark = TemplateField(id: 100)
    static let masthead = TemplateField(id: 101)
    static let message = TemplateField(id: 102)
    static let modifiedISO = TemplateField(id: 103)
    static let moreURL = TemplateField(id: 104)
    static let mostRead = TemplateField(id: 105)
    static let motion = TemplateField(id: 106)
    static let name = TemplateField(id: 107)
    static let nav = TemplateField(id: 108)
    static let navigation = TemplateField(id: 109)
    static let newToken = TemplateField(id: 110)
    static let next = TemplateField(id: 111)
    static let nextDay = TemplateField(id: 112)
    static let noResults = TemplateField(id: 113)
    static let notice = TemplateField(id: 114)
    static let number = TemplateField(id: 115)
    static let parents = TemplateField(id: 116)
    static let path = TemplateField(id: 117)
    static let phone = TemplateField(id: 118)
    static let photo = TemplateField(id: 119)
    static let photoAlt = TemplateField(id: 120)
    static let photoLargeSrcset = TemplateField(id: 121)
    static let photoLimit = TemplateField(id: 122)
    static let photoSrcset = TemplateField(id: 123)
    static let photoURL = TemplateField(id: 124)
    static let photographer = TemplateField(id: 125)
    static let photos = TemplateField(id: 126)
    static let pickerHeight = TemplateField(id: 127)
    static let pickerWidth = TemplateField(id: 128)
    static let pinPosition = TemplateField(id: 129)
    static let pinUntil = TemplateField(id: 130)
    static let position = TemplateField(id: 131)
    static let previousDay = TemplateField(id: 132)
    static let publicURL = TemplateField(id: 133)
    static let publishedISO = TemplateField(id: 134)
    static let publishedStamp = TemplateField(id: 135)
    static let publisher = TemplateField(id: 136)
    static let query = TemplateField(id: 137)
    static let registrationDate = TemplateField(id: 138)
    static let registrationNumber = TemplateField(id: 139)
    static let related = TemplateField(id: 140)
    static let reporter = TemplateField(id: 141)
    static let reporterEmail = TemplateField(id: 142)
    static let reporters = TemplateField(id: 143)
    static let requestID = TemplateField(id: 144)
    static let results = TemplateField(id: 145)
    static let returnNote = TemplateField(id: 146)
    static let revisions = TemplateField(id: 147)
    static let role = TemplateField(id: 148)
    static let roles = TemplateField(id: 149)
    static let rows = TemplateField(id: 150)
    static let scheduleValue = TemplateField(id: 151)
    static let section = TemplateField(id: 152)
    static let sectionBlocks = TemplateField(id: 153)
    static let sectionName = TemplateField(id: 154)
    static let sections = TemplateField(id: 155)
    static let selected = TemplateField(id: 156)
    static let share = TemplateField(id: 157)
    static let siteName = TemplateField(id: 158)
    static let size = TemplateField(id: 159)
    static let snippetHTML = TemplateField(id: 160)
    static let sortOptions = TemplateField(id: 161)
    static let source = TemplateField(id: 162)
    static let stamp = TemplateField(id: 163)
    static let state = TemplateField(id: 164)
    static let status = TemplateField(id: 165)
    static let statusName = TemplateField(id: 166)
    static let statuses = TemplateField(id: 167)
    static let steps = TemplateField(id: 168)
    static let subheadlines = TemplateField(id: 169)
    static let subsectionBlocks = TemplateField(id: 170)
    static let suggestions = TemplateField(id: 171)
    static let summary = TemplateField(id: 172)
    static let tabs = TemplateField(id: 173)
    static let tags = TemplateField(id: 174)
    static let taken = TemplateField(id: 175)
    static let text = TemplateField(id: 176)
    static let thumbnail = TemplateField(id: 177)
    static let ticker = TemplateField(id: 178)
    static let time = TemplateField(id: 179)
    static let timeISO = TemplateField(id: 180)
    static let title = TemplateField(id: 181)
    static let to = TemplateField(id: 182)
    static let tokens = TemplateField(id: 183)
    static let topStories = TemplateField(id: 184)
    static let trashedAt = TemplateField(id: 185)
    static let type = TemplateField(id: 186)
    static let typed = TemplateField(id: 187)
    static let typedCorrection = TemplateField(id: 188)
    static let typedEmail = TemplateField(id: 189)
    static let typedName = TemplateField(id: 190)
    static let updated = TemplateField(id: 191)
    static let updatedISO = TemplateField(id: 192)
    static let updatedStamp = TemplateField(id: 193)
    static let uploaded = TemplateField(id: 194)
    static let url = TemplateField(id: 195)
    static let usage = TemplateField(id: 196)
    static let user = TemplateField(id: 197)
    static let value = TemplateField(id: 198)
    static let version = TemplateField(id: 199)
    static let webpSrcset = TemplateField(id: 200)
    static let width = TemplateField(id: 201)
    static let youthOfficer = TemplateField(id: 202)
    static let youthOfficerContact = TemplateField(id: 203)
    static let canKill = TemplateField(id: 204)
    static let typedKillReason = TemplateField(id: 205)
    static let chain = TemplateField(id: 206)
    static let canFollowUp = TemplateField(id: 207)
    static let canEditChain = TemplateField(id: 208)
    static let upPosition = TemplateField(id: 209)
    static let downPosition = TemplateField(id: 210)
    static let isRoundup = TemplateField(id: 211)
    static let isNewest = TemplateField(id: 212)
    static let newest = TemplateField(id: 213)
    static let place = TemplateField(id: 214)
    static let versions = TemplateField(id: 215)
    static let live = TemplateField(id: 216)
    static let isLive = TemplateField(id: 217)
    static let liveScriptURL = TemplateField(id: 218)
    static let streamURL = TemplateField(id: 219)
    static let pinnedEntries = TemplateField(id: 220)
    static let entries = TemplateField(id: 221)
    static let startedStamp = TemplateField(id: 222)
    static let endedStamp = TemplateField(id: 223)
    static let canGoLive = TemplateField(id: 224)
    static let canEndLive = TemplateField(id: 225)
    static let canPostLive = TemplateField(id: 226)
    static let liveKinds = TemplateField(id: 227)
    static let corrected = TemplateField(id: 228)
    static let ongoingLive = TemplateField(id: 229)
    static let entryCount = TemplateField(id: 230)
    static let typedLive = TemplateField(id: 231)
    static let products = TemplateField(id: 232)
    static let credentials = TemplateField(id: 233)
    static let secret = TemplateField(id: 234)
    static let formats = TemplateField(id: 235)
    static let choices = TemplateField(id: 236)
    static let webhook = TemplateField(id: 237)
    static let pending = TemplateField(id: 238)
    static let delivered = TemplateField(id: 239)
    static let failed = TemplateField(id: 240)
    static let lastError = TemplateField(id: 241)
    static let deliveries = TemplateField(id: 242)
    static let conditions = TemplateField(id: 243)
    static let attempts = TemplateField(id: 244)
    static let early = TemplateField(id: 245)
    static let revoked = TemplateField(id: 246)
    static let subscriber = TemplateField(id: 247)
    static let format = TemplateField(id: 248)
    static let article = TemplateField(id: 249)
    static let queueURL = TemplateField(id: 250)
    static let incoming = TemplateField(id: 251)
    static let items = TemplateField(id: 252)
    static let feed = TemplateField(id: 253)
    static let polled = TemplateField(id: 254)
    static let pollError = TemplateField(id: 255)
    static let sent = TemplateField(id: 256)
    static let withdrawn = TemplateField(id: 257)
    static let previous = TemplateField(id: 258)
    static let missing = TemplateField(id: 259)
    static let readerScriptURL = TemplateField(id: 260)

    static let names = [
        "action", "address", "alt", "articleKindLabel", "articles", "at", "audit", "authors", "autosaveOffer", "best",
        "body", "breadcrumb", "breaking", "byline", "canCorrect", "canDelete", "canEdit", "canEditTags", "canPin",
        "canPublish", "canRestore", "canReturn", "canSchedule", "canSubmit", "canUndelete", "canUnpublish",
        "canonicalURL", "caption", "card", "cards", "changed", "conflict", "corrections", "created", "credit",
        "creditLine", "csrf", "cssURL", "current", "date", "dateline", "depth", "description", "detail", "editURL",
        "editor", "editorScriptURL", "email", "emails", "embargoUntil", "emptyMessage", "errors", "failure", "feeds",
        "figure", "files", "focusLeft", "focusTop", "footer", "form", "from", "grade", "gradeOptions", "hasErrors",
        "hasQuery", "hasTicker", "hash", "heading", "headline", "headlineHTML", "height", "html", "id", "image",
        "imageHeight", "imageWidth", "indent", "intro", "isAdmin", "isBreaking", "isCurrent", "isFiltered", "isFrom",
        "isImportant", "isLead", "isNew", "isPinned", "isTo", "iso", "jpegSrcset", "jsonLD", "kind", "kindLabel",
        "kindOptions", "label", "latest", "layout", "lead", "lines", "logoURL", "mark", "masthead", "message",
        "modifiedISO", "moreURL", "mostRead", "motion", "name", "nav", "navigation", "newToken", "next", "nextDay",
        "noResults", "notice", "number", "parents", "path", "phone", "photo", "photoAlt", "photoLargeSrcset",
        "photoLimit", "photoSrcset", "photoURL", "photographer", "photos", "pickerHeight", "pickerWidth", "pinPosition",
        "pinUntil", "position", "previousDay", "publicURL", "publishedISO", "publishedStamp", "publisher", "query",
        "registrationDate", "registrationNumber", "related", "reporter", "reporterEmail", "reporters", "requestID",
        "results", "returnNote", "revisions", "role", "roles", "rows", "scheduleValue", "section", "sectionBlocks",
        "sectionName", "sections", "selected", "share", "siteName", "size", "snippetHTML", "sortOptions", "source",
        "stamp", "state", "status", "statusName", "statuses", "steps", "subheadlines", "subsectionBlocks",
        "suggestions", "summary", "tabs", "tags", "taken", "text", "thumbnail", "ticker", "time", "timeISO", "title",
        "to", "tokens", "topStories", "trashedAt", "type", "typed", "typedCorrection", "typedEmail", "typedName",
        "updated", "updatedISO", "updatedStamp", "uploaded", "url", "usage", "user", "value", "version", "webpSrcset",
        "width", "youthOfficer", "youthOfficerContact",
        // Added later: appended, so that the numbers above keep their names.
        "canKill", "typedKillReason", "chain", "canFollowUp", "canEditChain", "upPosition", "downPosition", "isRoundup",
        "isNewest", "newest", "place", "versions", "live", "isLive", "liveScriptURL", "streamURL", "pinnedEntries", "entries",
        "startedStamp", "endedStamp", "canGoLive", "canEndLive", "canPostLive", "liveKinds", "corrected", "ongoingLive",
        "entryCount", "typedLive",
        "products", "credentials", "secret", "formats", "choices", "webhook", "pending", "delivered", "failed", "lastError", "deliveries", "conditions", "attempts", "early", "revoked", "subscriber", "format", "article", "queueURL",
        "incoming", "items", "feed", "polled", "pollError", "sent", "withdrawn", "previous", "missing", "readerScriptURL",
    ]
}
