// Per-slice geometry: the slice of every element agrees with the definition (the row-major index
// over the kept dims), and torchzero's rules for which dims apply.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include <tzero/core/slices.hpp>

using namespace tzero;

namespace {
/// The slice of each element by definition: its multi-index restricted to the kept dims, row-major.
std::vector<std::size_t> slices_by_definition(std::vector<std::size_t> const& shape, std::vector<bool> const& reduced) {
    std::size_t n = 1;
    for (std::size_t s : shape) n *= s;
    std::vector<std::size_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t rest = i, slice = 0, scale = 1;
        for (std::size_t d = shape.size(); d-- > 0;) {
            std::size_t const index = rest % shape[d];
            rest /= shape[d];
            if (!reduced[d]) slice += index * scale, scale *= shape[d];
        }
        out[i] = slice;
    }
    return out;
}
}  // namespace

TEST_CASE("slices: every element's slice is its index over the kept dims", "[core][slices]") {
    std::vector<std::vector<std::size_t>> const shapes = {{6},          {4, 5}, {3, 1, 4}, {2, 3, 4},
                                                          {2, 1, 3, 5}, {1, 7}, {3, 2, 1}};
    for (auto const& shape : shapes)
        for (unsigned mask = 1; mask < (1u << shape.size()); ++mask) {
            std::vector<int> dims;
            std::vector<bool> reduced(shape.size());
            for (std::size_t d = 0; d < shape.size(); ++d)
                if (mask >> d & 1) dims.push_back(int(d)), reduced[d] = true;
            INFO("rank " << shape.size() << " mask " << mask);
            slice_geometry g;
            try {
                g = slices_of(shape, dims, false, 1);
            } catch (error const&) {
                continue;  // alternates too often: checked below
            }
            REQUIRE(g.applies);
            auto const want = slices_by_definition(shape, reduced);
            std::size_t slices = 0;
            for (std::size_t i = 0; i < want.size(); ++i) {
                REQUIRE(g.slice_of(i) == want[i]);
                slices = std::max(slices, want[i] + 1);
            }
            CHECK(g.slices() == slices);
            CHECK(g.slices() * g.slice_size() == want.size());
            // element_of walks each slice in element order, and visits every element once
            std::vector<int> visits(want.size(), 0);
            for (std::size_t s = 0; s < g.slices(); ++s)
                for (std::size_t n = 0; n < g.slice_size(); ++n) {
                    std::size_t const i = g.element_of(s, n);
                    REQUIRE(i < want.size());
                    REQUIRE(want[i] == s);
                    if (n > 0) REQUIRE(i > g.element_of(s, n - 1));
                    ++visits[i];
                }
            CHECK(std::count(visits.begin(), visits.end(), 1) == std::ptrdiff_t(want.size()));
        }
}

TEST_CASE("slices: work items hold whole slices, in order, and cover every element once", "[core][slices]") {
    std::vector<std::vector<std::size_t>> const shapes = {{40, 21}, {}, {0, 3}, {9, 70}, {3, 5, 7}, {6}};
    for (bool single : {false, true})
        for (std::size_t chunk : {std::size_t(1), std::size_t(50), std::size_t(1) << 14}) {
            INFO("chunk " << chunk << " single " << single);
            slice_layout const l(shapes, per_slice(0), 2, chunk, single);
            REQUIRE(l.first_item.size() == shapes.size() + 1);
            REQUIRE(l.first_slice.back() == l.slices());
            for (std::size_t t = 0; t < shapes.size(); ++t) {
                slice_geometry const& g = l.geometry[t];
                std::size_t covered = 0;
                for (std::size_t it = l.first_item[t]; it < l.first_item[t + 1]; ++it) {
                    slice_item const& item = l.items[it];
                    REQUIRE(item.tensor == t);
                    REQUIRE(item.begin == covered);  // in order, nothing skipped
                    REQUIRE(item.end > item.begin);
                    if (single && g.applies) CHECK(item.end == item.begin + 1);
                    if (g.applies && g.middle_reduced && g.inner > 1)  // interleaved: within one row
                        CHECK((item.end - 1) / g.inner == item.begin / g.inner);
                    covered = item.end;
                }
                std::size_t size = 1;
                for (std::size_t d : shapes[t]) size *= d;
                CHECK(covered == (g.applies ? g.slices() : size));  // slices, or the elements left alone
                CHECK(l.first_slice[t + 1] - l.first_slice[t] == (g.applies ? g.slices() : 1));
            }
        }
    // torchzero's (6,) with dim 0 and min_size 2 is one slice of 6; the 0-d tensor is left alone
    slice_layout const l(shapes, per_slice(0), 2, 64);
    CHECK(l.geometry[5].slices() == 1);
    CHECK_FALSE(l.geometry[1].applies);
    CHECK(l.geometry[0].slices() == 21);
}

TEST_CASE("slices: torchzero's rules for which dims apply", "[core][slices]") {
    // dims at or past the rank are dropped; none left: left alone
    CHECK_FALSE(slices_of({4, 5}, {2, 3}, false, 1).applies);
    CHECK(slices_of({4, 5}, {1, 2}, false, 1).slices() == 4);  // per row
    CHECK(slices_of({4, 5}, {0}, false, 1).slices() == 5);     // per column
    // negative dims count from the end
    CHECK(slices_of({4, 5}, {-1}, false, 1).slices() == 4);
    // inverse: the other dims of range(rank), where a negative dim matches none
    CHECK(slices_of({4, 5}, {0}, true, 1).slices() == 4);
    CHECK(slices_of({4, 5}, {-1}, true, 1).slices() == 1);  // every dim reduced: the whole tensor
    CHECK_FALSE(slices_of({4, 5}, {0, 1}, true, 1).applies);
    // a 0-d tensor counts as 1-d
    CHECK(slices_of({}, {0}, false, 1).slices() == 1);
    // min_size against the size of a slice
    CHECK_FALSE(slices_of({4, 5}, {1}, false, 6).applies);
    CHECK(slices_of({4, 5}, {1}, false, 5).applies);
    // an empty tensor has no slices
    CHECK_FALSE(slices_of({0, 5}, {1}, false, 1).applies);
    // torch's errors: out of range, repeated
    CHECK_THROWS_AS(slices_of({4, 5}, {-3}, false, 1), error);
    CHECK_THROWS_AS(slices_of({4, 5}, {1, -1}, false, 1), error);
    // reduced, kept, reduced, kept: refused
    CHECK_THROWS_WITH(slices_of({2, 3, 4, 5}, {0, 2}, false, 1), Catch::Contains("alternate"));
    CHECK(slices_of({2, 1, 4, 5}, {0, 2}, false, 1).slices() == 5);  // the size-1 dim merges
}
