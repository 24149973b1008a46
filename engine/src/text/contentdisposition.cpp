// SPDX-License-Identifier: MIT
#include <haul/contentdisposition.h>

#include <haul/text.h>
#include <haul/url.h>

namespace haul::engine {

namespace {

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// RFC 9110 tchar.
bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F)
        return false;
    switch (c) {
    case '(':
    case ')':
    case ',':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '{':
    case '}':
    case '"': return false;
    default: return true;
    }
}

char toLower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (toLower(a[i]) != toLower(b[i]))
            return false;
    return true;
}

// ISO-8859-1 maps byte for byte onto U+0000..U+00FF. 0x80..0x9F are C1 controls, never part of
// a real name; they are a sign that the bytes were something else (usually UTF-8), so the caller
// decides what to do with them.
std::optional<std::string> latin1ToUtf8(std::string_view s, bool rejectC1)
{
    std::string out;
    out.reserve(s.size() * 2);
    for (unsigned char c : s) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0xA0) {
            if (rejectC1)
                return std::nullopt;
            out += '_';
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// RFC 8187 ext-value: charset "'" [ language ] "'" value-chars.
std::optional<std::string> decodeExtValue(std::string_view v)
{
    const auto q1 = v.find('\'');
    if (q1 == std::string_view::npos)
        return std::nullopt;
    const auto q2 = v.find('\'', q1 + 1);
    if (q2 == std::string_view::npos)
        return std::nullopt;
    const std::string_view charset = v.substr(0, q1);
    const std::string_view encoded = v.substr(q2 + 1);
    const bool utf8 = equalsIgnoreCase(charset, "utf-8");
    if (!utf8 && !equalsIgnoreCase(charset, "iso-8859-1"))
        return std::nullopt;

    std::string raw;
    raw.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '%') {
            if (encoded.size() - i < 3)
                return std::nullopt;
            const int hi = hexDigitValue(encoded[i + 1]), lo = hexDigitValue(encoded[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            raw += static_cast<char>(hi * 16 + lo);
            i += 2;
            continue;
        }
        // RFC 8187 allows only attr-char unescaped, but servers often leave '(' or '\'' raw;
        // they are harmless, so only what cannot be in a header token is refused.
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == '"')
            return std::nullopt;
        raw += c;
    }
    if (utf8)
        return isValidUtf8(raw) ? std::optional<std::string>(std::move(raw)) : std::nullopt;
    return latin1ToUtf8(raw, true);
}

// RFC 6266 says a plain filename is ISO-8859-1, but servers in practice send UTF-8 there; bytes
// that are valid UTF-8 are taken as such, anything else as ISO-8859-1.
std::string decodePlainValue(std::string_view v)
{
    if (isValidUtf8(v))
        return std::string(v);
    return *latin1ToUtf8(v, false);
}

std::optional<std::string> finishName(std::string_view name)
{
    // The server only gets to suggest a name, never a directory.
    const auto sep = name.find_last_of("/\\");
    if (sep != std::string_view::npos)
        name.remove_prefix(sep + 1);
    bool usable = false;
    for (unsigned char c : name)
        if (c > 0x20 && c != 0x7F && c != '.')
            usable = true;
    // sanitizeFileName would turn an unusable name into "download"; the caller is better off
    // with the name from the URL then.
    if (!usable)
        return std::nullopt;
    return sanitizeFileName(name);
}

struct Param {
    std::string value;
    bool present = false;
    bool usable = false; // false when repeated or malformed
    bool quoted = false;
};

class Parser {
public:
    explicit Parser(std::string_view s) : m_s(s) {}

    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek() const { return m_s[m_pos]; }
    void advance() { ++m_pos; }

    void skipWhitespace()
    {
        while (!atEnd() && isWhitespace(peek()))
            ++m_pos;
    }

    std::string_view token()
    {
        const auto start = m_pos;
        while (!atEnd() && isTokenChar(peek()))
            ++m_pos;
        return m_s.substr(start, m_pos - start);
    }

    // At the opening quote. False when the string is not terminated.
    bool quotedString(std::string& out)
    {
        ++m_pos;
        while (!atEnd()) {
            const char c = peek();
            ++m_pos;
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atEnd())
                    return false;
                out += peek();
                ++m_pos;
                continue;
            }
            out += c;
        }
        return false;
    }

    // Recovery after a malformed parameter: on to the next ';' that is not inside quotes, so a
    // quoted ";filename=x" in a broken parameter cannot become a parameter of its own.
    void skipToSeparator()
    {
        while (!atEnd() && peek() != ';') {
            if (peek() == '"') {
                std::string ignored;
                quotedString(ignored);
            } else {
                ++m_pos;
            }
        }
    }

    std::string_view upToSeparator()
    {
        const auto start = m_pos;
        while (!atEnd() && peek() != ';')
            ++m_pos;
        return m_s.substr(start, m_pos - start);
    }

private:
    std::string_view m_s;
    std::size_t m_pos = 0;
};

std::string_view trimTrailingWhitespace(std::string_view s)
{
    while (!s.empty() && isWhitespace(s.back()))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::optional<std::string> fileNameFromContentDisposition(std::string_view headerValue)
{
    Parser p(headerValue);
    p.skipWhitespace();
    if (p.token().empty())
        return std::nullopt;
    p.skipWhitespace();
    if (!p.atEnd() && p.peek() != ';')
        return std::nullopt;

    Param filename, filenameExt;
    while (!p.atEnd()) {
        p.advance(); // the ';'
        p.skipWhitespace();
        if (p.atEnd() || p.peek() == ';')
            continue; // "a;;b" and a trailing ';' are common and harmless
        const std::string_view name = p.token();
        p.skipWhitespace();
        if (name.empty() || p.atEnd() || p.peek() != '=') {
            p.skipToSeparator();
            continue;
        }
        p.advance(); // the '='
        p.skipWhitespace();

        std::string value;
        bool quoted = false;
        bool ok = true;
        if (!p.atEnd() && p.peek() == '"') {
            quoted = true;
            ok = p.quotedString(value);
            p.skipWhitespace();
            if (!p.atEnd() && p.peek() != ';') {
                ok = false;
                p.skipToSeparator();
            }
        } else {
            // Strictly a token, but servers send unquoted names with spaces or commas; they are
            // unambiguous up to the ';', so they are taken. A '"' here means broken quoting.
            const std::string_view raw = trimTrailingWhitespace(p.upToSeparator());
            ok = raw.find('"') == std::string_view::npos;
            value = raw;
        }

        Param* target = nullptr;
        if (equalsIgnoreCase(name, "filename"))
            target = &filename;
        else if (equalsIgnoreCase(name, "filename*"))
            target = &filenameExt;
        if (!target)
            continue;
        // A repeated parameter is forbidden (RFC 6266 4.1) and ambiguous: a proxy may have
        // checked one and we would save the other. A malformed one counts too.
        if (target->present) {
            target->usable = false;
            continue;
        }
        target->present = true;
        target->usable = ok;
        target->quoted = quoted;
        target->value = std::move(value);
    }

    // RFC 8187 ext-values are never quoted; a quoted one is a server bug with unknown intent.
    if (filenameExt.usable && !filenameExt.quoted) {
        if (auto decoded = decodeExtValue(filenameExt.value))
            if (auto name = finishName(*decoded))
                return name;
    }
    if (filename.usable)
        return finishName(decodePlainValue(filename.value));
    return std::nullopt;
}

} // namespace haul::engine
