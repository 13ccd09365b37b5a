import BylineCore
import Foundation
import Testing

@Suite("Story chains")
struct StoryChainTests {
    func chain(_ ids: [Int64], current: Int64) -> StoryChain {
        StoryChain(
            links: ids.enumerated().map { index, id in
                StoryChain.Link(id: ArticleID(rawValue: id), headline: "\(id)", place: ChainPlace(position: index, isRoundup: false), publishedAt: nil)
            },
            current: ArticleID(rawValue: current))
    }

    @Test("places read 속보, 2보, 3보 and 종합, and feeds mark titles by the agency's convention")
    func places() {
        #expect((0..<4).map { ChainPlace(position: $0, isRoundup: false).label } == ["속보", "2보", "3보", "4보"])
        #expect(ChainPlace(position: 2, isRoundup: true).label == "종합")
        #expect(ChainPlace.flash.titlePrefix == "[속보] ")
        #expect(ChainPlace.update(2).titlePrefix == "(2보) ")
        #expect(ChainPlace.roundup.titlePrefix == "(종합) ")
        let story = chain([10, 11, 12], current: 11)
        #expect(story.isSuperseded && story.newest?.id.rawValue == 12)
        #expect(story.earlier.map(\.id.rawValue) == [10])
        #expect(!chain([10, 11], current: 11).isSuperseded)
    }

    @Test("search results put a story's newest version first among the places its versions hold; the rest stay")
    func newestVersionsFirst() {
        let chains: [ArticleID: StoryChain] = [
            ArticleID(rawValue: 10): chain([10, 11, 12], current: 10),
            ArticleID(rawValue: 11): chain([10, 11, 12], current: 11),
            ArticleID(rawValue: 12): chain([10, 11, 12], current: 12),
            ArticleID(rawValue: 20): chain([20, 21], current: 20),
        ]
        let found: [Int64] = [10, 5, 12, 20, 7, 11]
        let ordered = StoryChain.newestVersionsFirst(found.map(ArticleID.init(rawValue:)), id: { $0 }, chains: chains)
        #expect(ordered.map(\.rawValue) == [12, 5, 11, 20, 7, 10])
    }
}
