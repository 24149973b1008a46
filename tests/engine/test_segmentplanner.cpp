// SPDX-License-Identifier: MIT
// SegmentPlanner: which range a download's next connection fetches, and which connection is
// split when every byte is taken.
#include "transfer/segmentplanner.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <vector>

using namespace haul::engine;
using Kind = SegmentPlanner::Plan::Kind;
using Span = SegmentPlanner::Span;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

RangeSet rangesOf(std::initializer_list<RangeSet::Range> ranges)
{
    RangeSet set;
    for (const auto& [begin, end] : ranges)
        set.add(begin, end);
    return set;
}

} // namespace

TEST(SegmentPlanner, NothingWhileTheSizeIsUnknown)
{
    EXPECT_EQ(SegmentPlanner(-1, true).next({}, {}).kind, Kind::None);
    EXPECT_EQ(SegmentPlanner(-1, false).next({}, {}).kind, Kind::None);
}

TEST(SegmentPlanner, OpensTheFirstHole)
{
    const auto plan =
        SegmentPlanner(10 * kMiB, true)
            .next(rangesOf({{0, kMiB}, {3 * kMiB, 4 * kMiB}}), {Span{4 * kMiB, -1, 5 * kMiB}});
    EXPECT_EQ(plan.kind, Kind::Open);
    EXPECT_EQ(plan.start, kMiB);
    EXPECT_EQ(plan.end, 3 * kMiB);
}

TEST(SegmentPlanner, AConnectionCoversItsRangeNotOnlyWhatItReceived)
{
    // [0, 4 MiB) is fetched by the connection, though it has only 1 MiB so far.
    const auto plan = SegmentPlanner(10 * kMiB, true).next({}, {Span{0, 4 * kMiB, kMiB}});
    EXPECT_EQ(plan.kind, Kind::Open);
    EXPECT_EQ(plan.start, 4 * kMiB);
    EXPECT_EQ(plan.end, 10 * kMiB);
}

TEST(SegmentPlanner, WithoutRangesOneConnectionToTheEnd)
{
    const SegmentPlanner planner(10 * kMiB, false);
    const auto plan = planner.next(rangesOf({{0, 2 * kMiB}}), {});
    EXPECT_EQ(plan.kind, Kind::Open);
    EXPECT_EQ(plan.start, 2 * kMiB);
    EXPECT_EQ(plan.end, -1); // no Range end: the server sends the rest anyway
    // A second connection would only fetch the whole file again.
    EXPECT_EQ(planner.next({}, {Span{0, -1, 0}}).kind, Kind::None);
}

TEST(SegmentPlanner, WithoutRangesAHoleInsideKeepsItsEnd)
{
    const auto plan = SegmentPlanner(10 * kMiB, false).next(rangesOf({{5 * kMiB, 10 * kMiB}}), {});
    EXPECT_EQ(plan.kind, Kind::Open);
    EXPECT_EQ(plan.start, 0);
    EXPECT_EQ(plan.end, 5 * kMiB);
}

TEST(SegmentPlanner, NothingLeftNothingToSplit)
{
    EXPECT_EQ(SegmentPlanner(10 * kMiB, true).next(rangesOf({{0, 10 * kMiB}}), {}).kind,
              Kind::None);
}

TEST(SegmentPlanner, SplitsTheConnectionWithTheMostLeftAtAligned64KiB)
{
    const std::vector<Span> spans{Span{0, 4 * kMiB, 3 * kMiB}, Span{4 * kMiB, -1, 4 * kMiB + 1}};
    const auto plan = SegmentPlanner(20 * kMiB, true).next({}, spans);
    ASSERT_EQ(plan.kind, Kind::Split);
    EXPECT_EQ(plan.segment, 1u);
    EXPECT_EQ(plan.end, 20 * kMiB); // to the end of the file, as a range
    const std::int64_t left = 20 * kMiB - (4 * kMiB + 1);
    EXPECT_EQ(plan.start, (4 * kMiB + 1 + left / 2) & ~std::int64_t{0xFFFF});
    EXPECT_EQ(plan.start % (64 * 1024), 0);
}

TEST(SegmentPlanner, ATieSplitsTheFirst)
{
    const std::vector<Span> spans{Span{0, 5 * kMiB, 0}, Span{5 * kMiB, 10 * kMiB, 5 * kMiB}};
    const auto plan = SegmentPlanner(10 * kMiB, true).next({}, spans);
    ASSERT_EQ(plan.kind, Kind::Split);
    EXPECT_EQ(plan.segment, 0u);
    EXPECT_EQ(plan.start, (5 * kMiB / 2) & ~std::int64_t{0xFFFF});
    EXPECT_EQ(plan.end, 5 * kMiB);
}

TEST(SegmentPlanner, ASmallFileIsNotSplit)
{
    const std::int64_t total = SegmentPlanner::kMinSegmentedSize - 1;
    EXPECT_EQ(SegmentPlanner(total, true).next({}, {Span{0, -1, 0}}).kind, Kind::None);
    EXPECT_EQ(SegmentPlanner(total + 1, true).next({}, {Span{0, -1, 0}}).kind, Kind::Split);
}

TEST(SegmentPlanner, ASmallRemainderIsNotSplit)
{
    const std::int64_t total = 10 * kMiB;
    const std::int64_t justEnough = total - 2 * SegmentPlanner::kMinSplit;
    EXPECT_EQ(SegmentPlanner(total, true).next({}, {Span{0, -1, justEnough + 1}}).kind, Kind::None);
    EXPECT_EQ(SegmentPlanner(total, true).next({}, {Span{0, -1, justEnough}}).kind, Kind::Split);
}

TEST(SegmentPlanner, WithoutRangesNeverSplits)
{
    EXPECT_EQ(SegmentPlanner(100 * kMiB, false).next({}, {Span{0, -1, 0}}).kind, Kind::None);
}
