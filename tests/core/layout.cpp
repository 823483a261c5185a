// The chunk list: tensors cut into chunks that never span two tensors, state offsets padded.
#include <catch2/catch.hpp>

#include <tzero/core/layout.hpp>

TEST_CASE("layout: chunks cover every element once, tensor by tensor", "[core][layout]") {
    tzero::layout l({10, 0, 3, 16}, 4, 16);
    REQUIRE(l.total == 29);
    REQUIRE(l.offsets == std::vector<std::size_t>{0, 16, 16, 32});
    REQUIRE(l.padded_total == 48 + 3 * 16);  // three spare cache lines between slots
    REQUIRE(l.chunks.size() == 3 + 0 + 1 + 4);
    REQUIRE(l.first_chunk == std::vector<std::size_t>{0, 3, 3, 4, 8});
    std::size_t covered = 0;
    for (auto const& c : l.chunks) {
        CHECK(c.end > c.begin);
        CHECK(c.end - c.begin <= 4);
        CHECK(c.end <= l.sizes[c.tensor]);
        covered += c.end - c.begin;
    }
    CHECK(covered == l.total);
    CHECK(l.chunks[2].begin == 8);
    CHECK(l.chunks[2].end == 10);
}

TEST_CASE("layout: an empty parameter list has no chunks", "[core][layout]") {
    tzero::layout l({}, 1024, 16);
    CHECK(l.chunks.empty());
    CHECK(l.total == 0);
    CHECK(l.first_chunk == std::vector<std::size_t>{0});
}
