// SPDX-License-Identifier: MIT
#include "httprequest.h"

#include <algorithm>
#include <charconv>

namespace haul::server::detail {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isToken(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return c > 0x20 && c < 0x7F && c != ':';
    });
}

std::optional<std::uint64_t> parseNumber(std::string_view s)
{
    std::uint64_t value = 0;
    if (s.empty())
        return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size())
        return std::nullopt;
    return value;
}

} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower(x) == lower(y);
           });
}

std::optional<RequestRecord> parseRequestHead(std::string_view head)
{
    RequestRecord record;
    record.headerBlock = std::string(head);

    auto nextLine = [&head]() {
        const auto end = head.find('\n');
        std::string_view line = head.substr(0, end);
        head = end == std::string_view::npos ? std::string_view{} : head.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        return line;
    };

    const std::string_view requestLine = nextLine();
    const auto sp1 = requestLine.find(' ');
    const auto sp2 = requestLine.find(' ', sp1 == std::string_view::npos ? sp1 : sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos)
        return std::nullopt;
    const std::string_view method = requestLine.substr(0, sp1);
    const std::string_view target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = requestLine.substr(sp2 + 1);
    if (!isToken(method) || target.empty() || target.find(' ') != std::string_view::npos
        || !version.starts_with("HTTP/1."))
        return std::nullopt;
    record.method = std::string(method);
    record.target = std::string(target);
    record.path = std::string(target.substr(0, target.find('?')));

    while (!head.empty()) {
        const std::string_view line = nextLine();
        if (line.empty())
            continue;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || !isToken(line.substr(0, colon)))
            return std::nullopt;
        record.headers.emplace_back(std::string(line.substr(0, colon)),
                                    std::string(trim(line.substr(colon + 1))));
    }
    return record;
}

RangeKind parseRange(std::string_view value, std::uint64_t size, ByteRange& range)
{
    value = trim(value);
    constexpr std::string_view kUnit = "bytes=";
    if (value.size() < kUnit.size() || !equalsIgnoreCase(value.substr(0, kUnit.size()), kUnit))
        return RangeKind::Ignore;
    value = trim(value.substr(kUnit.size()));
    if (value.find(',') != std::string_view::npos)
        return RangeKind::Ignore;
    const auto dash = value.find('-');
    if (dash == std::string_view::npos)
        return RangeKind::Ignore;
    const std::string_view firstText = trim(value.substr(0, dash));
    const std::string_view lastText = trim(value.substr(dash + 1));

    if (firstText.empty()) {
        const auto suffix = parseNumber(lastText);
        if (!suffix)
            return RangeKind::Ignore;
        if (*suffix == 0 || size == 0)
            return RangeKind::Unsatisfiable;
        range.first = size - std::min(*suffix, size);
        range.last = size - 1;
        return RangeKind::Satisfiable;
    }
    const auto first = parseNumber(firstText);
    if (!first)
        return RangeKind::Ignore;
    std::uint64_t last = UINT64_MAX;
    if (!lastText.empty()) {
        const auto parsed = parseNumber(lastText);
        if (!parsed || *parsed < *first)
            return RangeKind::Ignore;
        last = *parsed;
    }
    if (*first >= size)
        return RangeKind::Unsatisfiable;
    range.first = *first;
    range.last = std::min(last, size - 1);
    return RangeKind::Satisfiable;
}

} // namespace haul::server::detail
