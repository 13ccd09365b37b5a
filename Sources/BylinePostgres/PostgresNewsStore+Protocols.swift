import BylineCore

// The three storage seams, implemented by the extensions in Queries/.
extension PostgresNewsStore: NewsStore, NewsroomStore, AccountStore {}
