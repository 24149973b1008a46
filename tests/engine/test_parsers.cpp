// SPDX-License-Identifier: MIT
// The pure parsers: Content-Disposition (RFC 6266 with the greenbytes cases), checksums, and the
// URL helpers that turn what a server or a user sent into a file name; the text helpers (sizes,
// UTF-8, hex digits).
#include "testsupport.h"

#include <haul/checksum.h>
#include <haul/contentdisposition.h>
#include <haul/text.h>
#include <haul/url.h>

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <fstream>
#include <vector>

using namespace haul::engine;
using std::nullopt;
using std::optional;
using std::string;

namespace {

optional<string> cd(std::string_view v)
{
    return fileNameFromContentDisposition(v);
}

bool hasControlChar(const string& s)
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F)
            return true;
    return false;
}

bool endsWith(const string& s, std::string_view suffix)
{
    return s.size() >= suffix.size()
           && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Is every cut in s on a UTF-8 boundary? (Only used for inputs that were valid UTF-8.)
bool isWellFormedUtf8(const string& s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + n > s.size())
            return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

void writeFile(const string& path, const string& data)
{
    std::ofstream f(path, std::ios::binary);
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
    ASSERT_TRUE(f.good());
}

} // namespace

// --- Content-Disposition: greenbytes.de/tech/tc2231 and RFC 6266 appendix D ---

TEST(ContentDisposition, AttWithAsciiFilename)
{
    EXPECT_EQ(cd("attachment; filename=\"foo.html\""), "foo.html");
}

TEST(ContentDisposition, AttWithAsciiFilenameUnquoted)
{
    EXPECT_EQ(cd("attachment; filename=foo.html"), "foo.html");
}

TEST(ContentDisposition, InlineWithFilename)
{
    // A download manager saves inline content too; the suggested name still applies.
    EXPECT_EQ(cd("inline; filename=\"foo.html\""), "foo.html");
    EXPECT_EQ(cd("INLINE; FILENAME= \"foo.html\""), "foo.html");
}

TEST(ContentDisposition, ExtensionDispositionType)
{
    EXPECT_EQ(cd("formdata; filename=foo.html"), "foo.html");
}

TEST(ContentDisposition, AttOnlyHasNoName)
{
    EXPECT_EQ(cd("attachment"), nullopt);
    EXPECT_EQ(cd("inline"), nullopt);
    EXPECT_EQ(cd("attachment; foo=bar"), nullopt);
}

TEST(ContentDisposition, AttWithQuotedSemicolon)
{
    EXPECT_EQ(cd("attachment; filename=\"Here's a semicolon;.html\""), "Here's a semicolon;.html");
}

TEST(ContentDisposition, AttWithEscapedQuoteAndChar)
{
    EXPECT_EQ(cd(R"(attachment; filename="\"quoting\" tested.html")"), "\"quoting\" tested.html");
    EXPECT_EQ(cd(R"(attachment; filename="f\oo.html")"), "foo.html");
}

TEST(ContentDisposition, CaseInsensitiveParameterNames)
{
    EXPECT_EQ(cd("attachment; FILENAME=\"foo.html\""), "foo.html");
    EXPECT_EQ(cd("ATTACHMENT; FileName*=UTF-8''foo-%c3%a4.html"), "foo-\xC3\xA4.html");
}

TEST(ContentDisposition, AttNewAndFilename)
{
    EXPECT_EQ(cd("attachment; foobar=x; filename=\"foo.html\""), "foo.html");
    EXPECT_EQ(cd("attachment; x=\"a;filename=evil.exe\"; filename=good.txt"), "good.txt");
}

TEST(ContentDisposition, WhitespaceAroundEverything)
{
    EXPECT_EQ(cd("  attachment ;\tfilename = \"foo.html\"  ;  "), "foo.html");
    EXPECT_EQ(cd("attachment;;filename=foo.html;"), "foo.html");
}

TEST(ContentDisposition, AttWithFilenamePctIsNotDecoded)
{
    EXPECT_EQ(cd("attachment; filename=\"foo-%41.html\""), "foo-%41.html");
    EXPECT_EQ(cd("attachment; filename=\"50%.html\""), "50%.html");
    EXPECT_EQ(cd("attachment; filename=\"foo-%c3%a4-%e2%82%ac.html\""),
              "foo-%c3%a4-%e2%82%ac.html");
}

TEST(ContentDisposition, AttWithFn2231Utf8)
{
    EXPECT_EQ(cd("attachment; filename*=UTF-8''foo-%c3%a4-%e2%82%ac.html"),
              "foo-\xC3\xA4-\xE2\x82\xAC.html");
    // Decomposed form is kept byte for byte.
    EXPECT_EQ(cd("attachment; filename*=UTF-8''foo-a%cc%88.html"), "foo-a\xCC\x88.html");
    // With a language tag.
    EXPECT_EQ(cd("attachment; filename*=utf-8'en'%e2%82%ac%20rates"), "\xE2\x82\xAC rates");
    // "%2541" decodes once.
    EXPECT_EQ(cd("attachment; filename*=UTF-8''A-%2541.html"), "A-%41.html");
}

TEST(ContentDisposition, AttWithFn2231Iso)
{
    EXPECT_EQ(cd("attachment; filename*=iso-8859-1''foo-%E4.html"), "foo-\xC3\xA4.html");
    EXPECT_EQ(cd("attachment; filename*=ISO-8859-1''currency-sign%3d%a4"),
              "currency-sign=\xC2\xA4");
}

TEST(ContentDisposition, AttWithFn2231Ws)
{
    EXPECT_EQ(cd("attachment; filename*= UTF-8''foo-%c3%a4.html"), "foo-\xC3\xA4.html");
    EXPECT_EQ(cd("attachment; filename* =UTF-8''foo-%c3%a4.html"), "foo-\xC3\xA4.html");
    // "filename *=" is not the parameter filename*.
    EXPECT_EQ(cd("attachment; filename *=UTF-8''foo-%c3%a4.html"), nullopt);
}

TEST(ContentDisposition, AttWithFn2231Broken)
{
    EXPECT_EQ(cd("attachment; filename*=''foo-%c3%a4-%e2%82%ac.html"), nullopt); // no charset
    EXPECT_EQ(cd("attachment; filename*=UTF-8'foo-%c3%a4.html"), nullopt);       // one quote
    EXPECT_EQ(cd("attachment; filename*=\"UTF-8''foo-%c3%a4.html\""), nullopt);  // quoted
    EXPECT_EQ(cd("attachment; filename*=UTF-8''foo%"), nullopt);
    EXPECT_EQ(cd("attachment; filename*=UTF-8''f%oo.html"), nullopt);
    EXPECT_EQ(cd("attachment; filename*=UTF-8''foo-%e4.html"), nullopt); // not UTF-8
    EXPECT_EQ(cd("attachment; filename*=UTF-8''%c0%af.html"), nullopt);  // overlong '/'
    // %82 is a C1 control in ISO-8859-1: these were UTF-8 bytes with the wrong label.
    EXPECT_EQ(cd("attachment; filename*=iso-8859-1''foo-%c3%a4-%e2%82%ac.html"), nullopt);
}

TEST(ContentDisposition, AttFnBothExtWins)
{
    EXPECT_EQ(cd("attachment; filename=\"foo-ae.html\"; filename*=UTF-8''foo-%c3%a4.html"),
              "foo-\xC3\xA4.html");
    EXPECT_EQ(cd("attachment; filename*=UTF-8''foo-%c3%a4.html; filename=\"foo-ae.html\""),
              "foo-\xC3\xA4.html");
    // RFC 2231 continuations are not part of RFC 6266 and are ignored.
    EXPECT_EQ(cd("attachment; filename*0*=ISO-8859-15''euro-sign%3d%a4; "
                 "filename*=ISO-8859-1''currency-sign%3d%a4"),
              "currency-sign=\xC2\xA4");
}

TEST(ContentDisposition, UnknownCharsetFallsBackToFilename)
{
    EXPECT_EQ(cd("attachment; filename*=ISO-8859-15''euro%a4.txt; filename=\"plain.txt\""),
              "plain.txt");
    EXPECT_EQ(cd("attachment; filename*=koi8-r''%c1.txt"), nullopt);
    EXPECT_EQ(cd("attachment; filename*=UTF-8''; filename=fallback.txt"), "fallback.txt");
    EXPECT_EQ(cd("attachment; filename*=UTF-8''..%2f; filename=fallback.txt"), "fallback.txt");
}

TEST(ContentDisposition, AttWithBrokenFilename)
{
    EXPECT_EQ(cd("attachment; filename=\"foo.html\".txt"), nullopt); // attbrokenquotedfn
    EXPECT_EQ(cd("attachment; filename=\"bar"), nullopt);            // unterminated
    EXPECT_EQ(cd("attachment; filename=foo\"bar;baz\"qux"), nullopt);
    EXPECT_EQ(cd("attachment; filename=\"foo\\"), nullopt); // escape at the very end
    EXPECT_EQ(cd("attachment; filename="), nullopt);
    EXPECT_EQ(cd("attachment; filename=\"\""), nullopt);
    EXPECT_EQ(cd("attachment; filename"), nullopt);
    EXPECT_EQ(cd("attachment; @\"; filename=evil.exe\""), nullopt);
}

TEST(ContentDisposition, MissingOrBrokenDispositionType)
{
    EXPECT_EQ(cd(""), nullopt);
    EXPECT_EQ(cd("   "), nullopt);
    EXPECT_EQ(cd("filename=foo.html"), nullopt);           // attmissingdisposition
    EXPECT_EQ(cd("; filename=foo.html"), nullopt);         // emptydisposition
    EXPECT_EQ(cd(": inline; filename=foo.html"), nullopt); // doublecolon
    EXPECT_EQ(cd("\"foo; filename=bar;baz\"; filename=qux"), nullopt);
    EXPECT_EQ(cd("attachment filename=foo.html"), nullopt);
}

TEST(ContentDisposition, DuplicateParametersAreAmbiguous)
{
    EXPECT_EQ(cd("attachment; filename=\"foo.html\"; filename=\"bar.html\""), nullopt);
    EXPECT_EQ(cd("attachment; filename*=UTF-8''a.html; filename*=UTF-8''b.html; filename=c.html"),
              "c.html");
}

TEST(ContentDisposition, LenientUnquotedValues)
{
    // Not tokens, but common and unambiguous up to the ';'.
    EXPECT_EQ(cd("attachment; filename=foo,bar.html"), "foo,bar.html");
    EXPECT_EQ(cd("attachment; filename=my report.pdf ; size=3"), "my report.pdf");
    EXPECT_EQ(cd("attachment; filename='foo.bar'"), "'foo.bar'");
}

TEST(ContentDisposition, PlainFilenameEncoding)
{
    // Raw UTF-8 stays UTF-8; bytes that are not UTF-8 are read as ISO-8859-1.
    EXPECT_EQ(cd("attachment; filename=\"foo-\xC3\xA4.html\""), "foo-\xC3\xA4.html");
    EXPECT_EQ(cd("attachment; filename=\"foo-\xE4.html\""), "foo-\xC3\xA4.html");
}

TEST(ContentDisposition, PathTraversalKeepsOnlyLastComponent)
{
    EXPECT_EQ(cd("attachment; filename=\"../../etc/passwd\""), "passwd");
    EXPECT_EQ(cd("attachment; filename=../../.bashrc"), "bashrc");
    EXPECT_EQ(cd("attachment; filename*=UTF-8''..%2F..%2Fevil.sh"), "evil.sh");
    EXPECT_EQ(cd("attachment; filename*=UTF-8''%5cfoo.html"), "foo.html");
    EXPECT_EQ(cd("attachment; filename=\"..\""), nullopt);
    EXPECT_EQ(cd("attachment; filename=\"dir/\""), nullopt);
}

TEST(ContentDisposition, AbsolutePath)
{
    EXPECT_EQ(cd("attachment; filename=\"/etc/passwd\""), "passwd");
    EXPECT_EQ(cd(R"(attachment; filename="C:\\Windows\\system32\\evil.dll")"), "evil.dll");
    EXPECT_EQ(cd(R"(attachment; filename=C:\Windows\evil.dll)"), "evil.dll");
    EXPECT_EQ(cd(R"(attachment; filename="\\\\server\\share\\x.txt")"), "x.txt");
}

TEST(ContentDisposition, ControlCharacters)
{
    const auto a = cd("attachment; filename=\"a\x01"
                      "b\rc\x7F.txt\"");
    ASSERT_TRUE(a);
    EXPECT_FALSE(hasControlChar(*a)) << *a;
    EXPECT_EQ(*a, "a_b_c_.txt");

    const auto b = cd("attachment; filename*=UTF-8''evil%00.exe%0A.txt");
    ASSERT_TRUE(b);
    EXPECT_FALSE(hasControlChar(*b));
    EXPECT_EQ(*b, "evil_.exe_.txt");

    const string withNul("attachment; filename=\"x\0y.txt\"", 30);
    EXPECT_EQ(cd(withNul), "x_y.txt");
    EXPECT_EQ(cd(std::string_view("attachment; filename=\"\x01\x02\"")), nullopt);
    EXPECT_EQ(cd("attachment; filename=\" . . \""), nullopt);
}

// A server's name cannot hide what the file is: the bidirectional, invisible and C1 characters
// are replaced, whichever way they came (filename*, or raw UTF-8 in filename).
TEST(ContentDisposition, NamesThatDeceive)
{
    EXPECT_EQ(cd("attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe"), "invoice_fdp.exe");
    EXPECT_EQ(cd("attachment; filename=\"invoice\xE2\x80\xAE"
                 "fdp.exe\""),
              "invoice_fdp.exe");
    EXPECT_EQ(cd("attachment; filename*=UTF-8''a%E2%80%8Bb%EF%BB%BF.txt"), "a_b_.txt");
    EXPECT_EQ(cd("attachment; filename*=UTF-8''%C2%85x.txt"), "_x.txt");
    EXPECT_EQ(cd("attachment; filename=\"-rf\""), "_rf");
    EXPECT_EQ(cd("attachment; filename=\"x/-rf\""), "_rf"); // the last component's dash too
}

TEST(ContentDisposition, LongNameIsCutKeepingExtension)
{
    const string longName(1000, 'x');
    const auto a = cd("attachment; filename=\"" + longName + ".tar.gz\"");
    ASSERT_TRUE(a);
    EXPECT_LE(a->size(), 250u);
    EXPECT_TRUE(endsWith(*a, ".gz")) << *a;

    string utf8;
    for (int i = 0; i < 500; ++i)
        utf8 += "%C3%A4";
    const auto b = cd("attachment; filename*=UTF-8''" + utf8 + ".pdf");
    ASSERT_TRUE(b);
    EXPECT_LE(b->size(), 250u);
    EXPECT_TRUE(endsWith(*b, ".pdf"));
    EXPECT_TRUE(isWellFormedUtf8(*b));
}

TEST(ContentDisposition, Garbage)
{
    const char* inputs[] = {"\"",
                            ";",
                            "=",
                            "attachment;",
                            "attachment;=",
                            "attachment; =x",
                            "attachment; filename=\"",
                            "attachment; filename*=",
                            "attachment; filename*='",
                            "attachment; filename*=''",
                            "attachment; filename*=UTF-8''%",
                            "\\",
                            "attachment; filename=\"\\\"",
                            "a;b;c;d;e;f;g"};
    for (const char* in : inputs) {
        const auto r = cd(in);
        if (r) {
            EXPECT_FALSE(r->empty()) << in;
            EXPECT_EQ(r->find('/'), string::npos) << in;
        }
    }
    EXPECT_EQ(cd(string(100000, ';')), nullopt);
    EXPECT_EQ(cd("attachment; filename=\"" + string(100000, '\\')), nullopt);
}

// --- checksums ---

TEST(Checksum, ParsesTheCommonForms)
{
    const string sha256 = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    for (const string prefix : {"sha-256=", "sha256=", "SHA-256:", "SHA256:", " Sha_256 = "}) {
        const auto spec = parseChecksum(prefix + sha256 + "\n");
        ASSERT_TRUE(spec) << prefix;
        EXPECT_EQ(spec->algorithm, "sha-256");
        EXPECT_EQ(spec->hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
    const auto md5 = parseChecksum("md5=d41d8cd98f00b204e9800998ecf8427e");
    ASSERT_TRUE(md5);
    EXPECT_EQ(md5->algorithm, "md5");
    const auto sha1 = parseChecksum("SHA-1:A9993E364706816ABA3E25717850C26C9CD0D89D");
    ASSERT_TRUE(sha1);
    EXPECT_EQ(sha1->algorithm, "sha-1");
    EXPECT_EQ(sha1->hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    const auto sha512 = parseChecksum("sha512=" + string(128, 'f'));
    ASSERT_TRUE(sha512);
    EXPECT_EQ(sha512->algorithm, "sha-512");
}

TEST(Checksum, RefusesWithAMessage)
{
    string error;
    EXPECT_EQ(parseChecksum("crc32=12345678", &error), nullopt);
    EXPECT_NE(error.find("Unknown checksum algorithm"), string::npos) << error;
    EXPECT_EQ(parseChecksum("sha-256=" + string(63, 'a'), &error), nullopt);
    EXPECT_NE(error.find("64"), string::npos) << error;
    EXPECT_NE(error.find("63"), string::npos) << error;
    EXPECT_EQ(parseChecksum("sha-256=" + string(65, 'a'), &error), nullopt);
    EXPECT_EQ(parseChecksum("md5=" + string(64, 'a'), &error), nullopt); // a sha-256 length
    EXPECT_EQ(parseChecksum("sha-1=" + string(39, 'a') + "g", &error), nullopt);
    EXPECT_NE(error.find("hex"), string::npos) << error;
    EXPECT_EQ(parseChecksum("sha-256=", &error), nullopt);
    EXPECT_EQ(parseChecksum(string(64, 'a'), &error), nullopt); // no algorithm
    EXPECT_EQ(parseChecksum("", nullptr), nullopt);             // error is optional
    EXPECT_EQ(parseChecksum("=abc", nullptr), nullopt);
    EXPECT_EQ(parseChecksum("sha-256=0x" + string(62, 'a'), nullptr), nullopt);
}

TEST(Checksum, KnownVectors)
{
    const auto hash = [](std::string_view algorithm, std::string_view data) {
        Hasher h(algorithm);
        EXPECT_TRUE(h.valid()) << algorithm;
        h.update(data.data(), data.size());
        return h.finishHex();
    };
    EXPECT_EQ(hash("sha-256", "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hash("md5", ""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hash("sha-1", "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(hash("SHA512", "abc"),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Checksum, IncrementalEqualsOneShot)
{
    Hasher h("sha-256");
    for (char c : string("abc"))
        h.update(&c, 1);
    h.update(nullptr, 0);
    EXPECT_EQ(h.finishHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_FALSE(h.valid());
    EXPECT_EQ(h.finishHex(), "");

    Hasher moved = Hasher("md5");
    EXPECT_TRUE(moved.valid());
    Hasher target("sha-1");
    target = std::move(moved);
    EXPECT_EQ(target.finishHex(), "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(Checksum, UnknownAlgorithmIsInvalid)
{
    Hasher h("whirlpool");
    EXPECT_FALSE(h.valid());
    h.update("abc", 3);
    EXPECT_EQ(h.finishHex(), "");
}

TEST(Checksum, HashFileHex)
{
    haul::test::TempDir dir;
    writeFile(dir.file("abc"), "abc");
    EXPECT_EQ(hashFileHex(dir.file("abc"), "sha-256"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    writeFile(dir.file("empty"), "");
    EXPECT_EQ(hashFileHex(dir.file("empty"), "md5"), "d41d8cd98f00b204e9800998ecf8427e");

    // The classic one-million-'a' vector, then a file of several 1 MiB blocks plus a tail.
    writeFile(dir.file("million"), string(1000000, 'a'));
    EXPECT_EQ(hashFileHex(dir.file("million"), "sha-1"),
              "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    EXPECT_EQ(hashFileHex(dir.file("million"), "sha-256"),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    string big;
    for (std::size_t i = 0; i < 3 * (1u << 20) + 12345; ++i)
        big += static_cast<char>(i * 7 + i / 1000);
    writeFile(dir.file("big"), big);
    Hasher h("sha-512");
    h.update(big.data(), big.size());
    EXPECT_EQ(hashFileHex(dir.file("big"), "sha-512"), h.finishHex());

    EXPECT_EQ(hashFileHex(dir.file("missing"), "sha-256"), nullopt);
    EXPECT_EQ(hashFileHex(dir.path(), "sha-256"), nullopt); // a directory cannot be read
    EXPECT_EQ(hashFileHex(dir.file("abc"), "crc32"), nullopt);
}

// --- url.h helpers ---

TEST(SanitizeFileName, RemovesSeparatorsAndControls)
{
    EXPECT_EQ(sanitizeFileName("a/b\\c"), "a_b_c");
    EXPECT_EQ(sanitizeFileName(std::string_view("a\0b\x1F\x7F", 5)), "a_b__");
    EXPECT_EQ(sanitizeFileName("report.pdf"), "report.pdf");
    EXPECT_EQ(sanitizeFileName("caf\xC3\xA9 menu.txt"), "caf\xC3\xA9 menu.txt");
}

TEST(SanitizeFileName, NoHiddenOrDotNames)
{
    EXPECT_EQ(sanitizeFileName(".bashrc"), "bashrc");
    EXPECT_EQ(sanitizeFileName("  . hidden"), "hidden");
    EXPECT_EQ(sanitizeFileName("name. . "), "name");
    EXPECT_EQ(sanitizeFileName(".."), "download");
    EXPECT_EQ(sanitizeFileName("."), "download");
    EXPECT_EQ(sanitizeFileName(""), "download");
    EXPECT_EQ(sanitizeFileName("   "), "download");
    EXPECT_EQ(sanitizeFileName("../x"), "_x");
}

TEST(SanitizeFileName, CapsLengthKeepingExtension)
{
    const auto a = sanitizeFileName(string(300, 'a') + ".txt");
    EXPECT_EQ(a.size(), 250u);
    EXPECT_TRUE(endsWith(a, ".txt"));

    string utf8;
    for (int i = 0; i < 200; ++i)
        utf8 += "\xE2\x82\xAC"; // three bytes each
    const auto b = sanitizeFileName(utf8 + ".pdf");
    EXPECT_LE(b.size(), 250u);
    EXPECT_TRUE(endsWith(b, ".pdf"));
    EXPECT_TRUE(isWellFormedUtf8(b));

    // An "extension" longer than 16 bytes is just part of the name.
    const auto c = sanitizeFileName(string(300, 'a') + "." + string(40, 'b'));
    EXPECT_EQ(c.size(), 250u);
    EXPECT_EQ(c, string(250, 'a'));

    EXPECT_EQ(sanitizeFileName("abcdef.txt", 8), "abcd.txt");
}

TEST(SanitizeFileName, SmallLimitsAndBrokenUtf8)
{
    // A limit smaller than the extension: the extension goes, the limit holds.
    const auto a = sanitizeFileName("abcdef.longext", 4);
    EXPECT_EQ(a, "abcd");
    EXPECT_EQ(sanitizeFileName("abcdef.txt", 4), "abcd");
    EXPECT_EQ(sanitizeFileName("abc", 0).size(), 1u); // never empty, even then

    // Nothing but UTF-8 continuation bytes before the extension: no UTF-8 boundary to find, and
    // the result must not become a hidden ".txt".
    const auto b = sanitizeFileName(string(300, '\x80') + ".txt");
    EXPECT_EQ(b.size(), 250u);
    EXPECT_NE(b.front(), '.');
    EXPECT_TRUE(endsWith(b, ".txt"));
}

TEST(SanitizeFileName, NamesThatDeceive)
{
    // Shown as "invoiceexe.pdf": the right-to-left override hides an executable.
    EXPECT_EQ(sanitizeFileName("invoice\xE2\x80\xAE"
                               "fdp.exe"),
              "invoice_fdp.exe");
    const std::vector<std::string> deceptive = {
        "\xC2\x80",         "\xC2\x85",     "\xC2\x9F", // C1 controls
        "\xE2\x80\xAA",     "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD",
        "\xE2\x80\xAE",                                                     // LRE..RLO
        "\xE2\x81\xA6",     "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9", // LRI, RLI, FSI, PDI
        "\xE2\x80\x8E",     "\xE2\x80\x8F", "\xD8\x9C",                     // LRM, RLM, ALM
        "\xE2\x80\x8B",     "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0", // zero width
        "\xEF\xBB\xBF",     "\xC2\xAD",     "\xE2\x80\xA8", "\xE2\x80\xA9", // BOM, SHY, LS, PS
        "\xF3\xA0\x80\x81",                                                 // a tag
    };
    for (const std::string& c : deceptive) {
        EXPECT_EQ(sanitizeFileName("a" + c + "b.txt"), "a_b.txt") << testing::PrintToString(c);
        EXPECT_EQ(sanitizeFileName(c + c + "x"), "__x") << testing::PrintToString(c);
    }
    // Their neighbours are ordinary characters and stay.
    for (const std::string c : {"\xC2\xA0", "\xC2\xA9", "\xE2\x80\x90", "\xE2\x80\xAF",
                                "\xE2\x81\xB0", "\xEF\xBB\xBE", "\xD8\x9B"})
        EXPECT_EQ(sanitizeFileName("a" + c + "b"), "a" + c + "b") << testing::PrintToString(c);
    // Broken or overlong sequences are not shown as those characters: kept as before.
    EXPECT_EQ(sanitizeFileName("a\xE2\x80"), "a\xE2\x80");
    EXPECT_EQ(sanitizeFileName("a\xE0\x82\x85"
                               "b"),
              "a\xE0\x82\x85"
              "b");
    // No name starts with '-': passed to a command, it would be read as an option.
    EXPECT_EQ(sanitizeFileName("-rf"), "_rf");
    EXPECT_EQ(sanitizeFileName("--help"), "_-help");
    EXPECT_EQ(sanitizeFileName(" .-x"), "_x");
    EXPECT_EQ(sanitizeFileName("-"), "_");
    EXPECT_EQ(sanitizeFileName("a-b"), "a-b");
    EXPECT_EQ(sanitizeFileName("-" + string(300, 'a') + ".txt").front(), '_');
}

TEST(FileNameFromUrl, LastSegmentDecoded)
{
    EXPECT_EQ(fileNameFromUrl("https://example.com/files/report.pdf"), "report.pdf");
    EXPECT_EQ(fileNameFromUrl("https://example.com/a%20b%C3%A9.txt"), "a b\xC3\xA9.txt");
    EXPECT_EQ(fileNameFromUrl("https://example.com/a b.txt"), "a b.txt");
    EXPECT_EQ(fileNameFromUrl("https://example.com/100%.txt"), "100%.txt");
}

TEST(FileNameFromUrl, QueryAndFragmentStripped)
{
    EXPECT_EQ(fileNameFromUrl("https://example.com/get/file.zip?token=abc/def&x=1"), "file.zip");
    EXPECT_EQ(fileNameFromUrl("https://example.com/file.zip#part/2"), "file.zip");
}

TEST(FileNameFromUrl, TrailingSlashIsIndex)
{
    EXPECT_EQ(fileNameFromUrl("https://example.com/dir/"), "index.html");
    EXPECT_EQ(fileNameFromUrl("https://example.com"), "index.html");
    EXPECT_EQ(fileNameFromUrl("https://example.com/?q=1"), "index.html");
}

TEST(FileNameFromUrl, EncodedSeparatorsAndDotsAreHarmless)
{
    EXPECT_EQ(fileNameFromUrl("https://example.com/a%2Fb"), "a_b");
    EXPECT_EQ(fileNameFromUrl("https://example.com/..%2F..%2Fetc%2Fpasswd"), "_.._etc_passwd");
    EXPECT_EQ(fileNameFromUrl("https://example.com/%2e%2e"), "download");
    EXPECT_EQ(fileNameFromUrl("https://example.com/a/../b.txt"), "b.txt");
    EXPECT_EQ(fileNameFromUrl("https://example.com/x%00.exe"), "x_.exe");
    EXPECT_EQ(fileNameFromUrl("https://example.com/.htaccess"), "htaccess");

    string path;
    for (int i = 0; i < 300; ++i)
        path += "%80";
    const auto name = fileNameFromUrl("https://example.com/" + path + ".txt");
    EXPECT_LE(name.size(), 250u);
    EXPECT_NE(name.front(), '.') << "a URL must not produce a hidden file";
}

TEST(CheckUrl, HttpAndHttpsAccepted)
{
    EXPECT_EQ(checkUrl("http://example.com/"), nullopt);
    EXPECT_EQ(checkUrl("https://example.com/file.zip?x=1#y"), nullopt);
    EXPECT_EQ(checkUrl("HTTPS://EXAMPLE.COM/"), nullopt);
    EXPECT_EQ(checkUrl("http://127.0.0.1:8080/x"), nullopt);
    EXPECT_EQ(checkUrl("http://[::1]:8080/x"), nullopt);
    EXPECT_EQ(checkUrl("https://user:secret@example.com/x"), nullopt);
}

TEST(CheckUrl, OtherSchemesRefused)
{
    const auto file = checkUrl("file:///etc/passwd");
    ASSERT_TRUE(file);
    EXPECT_NE(file->find("file://"), string::npos) << *file;
    EXPECT_TRUE(checkUrl("ftp://example.com/x"));
    EXPECT_TRUE(checkUrl("javascript:alert(1)"));
    EXPECT_TRUE(checkUrl("mailto:someone@example.com"));
    EXPECT_TRUE(checkUrl("example.com/x")); // no scheme
    EXPECT_TRUE(checkUrl("//example.com/x"));
}

TEST(CheckUrl, EmptyAndMalformedRefused)
{
    EXPECT_TRUE(checkUrl(""));
    EXPECT_TRUE(checkUrl("http://"));
    EXPECT_TRUE(checkUrl("http://user:pass@/"));
    EXPECT_TRUE(checkUrl("http://exa mple.com/"));
    EXPECT_TRUE(checkUrl("http://example.com/\nx"));
    EXPECT_TRUE(checkUrl(std::string_view("http://example.com/\0x", 21)));
}

TEST(CheckUrl, Spaces)
{
    // Inside the path a space is sent as %20, as a browser does.
    EXPECT_EQ(checkUrl("https://example.com/my file.zip"), nullopt);
    // Around the address it is a paste accident: refused with a message that says so, instead of
    // downloading ".../file.zip%20" or failing with "not a valid address".
    for (const char* url : {" https://example.com/file.zip", "https://example.com/file.zip ",
                            "\thttps://example.com/file.zip"}) {
        const auto problem = checkUrl(url);
        ASSERT_TRUE(problem) << url;
    }
    const auto trailing = checkUrl("https://example.com/file.zip ");
    ASSERT_TRUE(trailing);
    EXPECT_NE(trailing->find("space"), string::npos) << *trailing;
}

TEST(CheckUrl, LongUrlRefused)
{
    const string tenThousand = "https://example.com/" + string(10000 - 20, 'a');
    ASSERT_EQ(tenThousand.size(), 10000u);
    const auto problem = checkUrl(tenThousand);
    ASSERT_TRUE(problem);
    EXPECT_LT(problem->size(), 200u) << "the message must not repeat the address";
    EXPECT_EQ(checkUrl("https://example.com/" + string(8192 - 20, 'a')), nullopt);
}

TEST(CheckUrl, IdnHostAccepted)
{
    EXPECT_EQ(checkUrl("https://b\xC3\xBC"
                       "cher.example/"),
              nullopt);
    EXPECT_EQ(checkUrl("https://xn--bcher-kva.example/"), nullopt);
}

TEST(CheckUrl, ErrorMessageMasksCredentials)
{
    const auto problem = checkUrl("ftp://user:hunter2@example.com/x");
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->find("hunter2"), string::npos);
    const auto bad = checkUrl("http://user:hunter2@exa mple.com/");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->find("hunter2"), string::npos) << *bad;
}

TEST(MaskCredentials, HidesUserInfo)
{
    EXPECT_EQ(maskCredentials("https://user:secret@example.com/x"), "https://***@example.com/x");
    EXPECT_EQ(maskCredentials("https://user@example.com/"), "https://***@example.com/");
    EXPECT_EQ(maskCredentials("https://user:p@ss@example.com/"), "https://***@example.com/");
    EXPECT_EQ(maskCredentials("https://u:p@example.com"), "https://***@example.com");
    EXPECT_EQ(maskCredentials("https://u:p@example.com?x"), "https://***@example.com?x");
}

TEST(MaskCredentials, LeavesOtherUrlsAlone)
{
    EXPECT_EQ(maskCredentials("https://example.com/a@b"), "https://example.com/a@b");
    EXPECT_EQ(maskCredentials("https://example.com/?mail=a@b.c"),
              "https://example.com/?mail=a@b.c");
    EXPECT_EQ(maskCredentials("https://example.com/#a@b"), "https://example.com/#a@b");
    EXPECT_EQ(maskCredentials("not a url"), "not a url");
    EXPECT_EQ(maskCredentials(""), "");
    EXPECT_EQ(maskCredentials("mailto:a@b.c"), "mailto:a@b.c");
}

// --- text.h: one byte formatter, one UTF-8 validator, one hex digit decoder ---

TEST(FormatBytes, SmallSizesInBytes)
{
    EXPECT_EQ(formatBytes(0), "0 B");
    EXPECT_EQ(formatBytes(1), "1 B");
    EXPECT_EQ(formatBytes(1023), "1023 B");
    EXPECT_EQ(formatBytes(1024), "1.0 KiB");
    EXPECT_EQ(formatBytes(1536), "1.5 KiB");
}

TEST(FormatBytes, SwitchesUnitBeforeRoundingUp)
{
    EXPECT_EQ(formatBytes(1048575), "1.0 MiB"); // 1023.999 KiB, not "1024.0 KiB"
    EXPECT_EQ(formatBytes(1023.94 * 1024), "1023.9 KiB");
    EXPECT_EQ(formatBytes(1024.0 * 1024 * 1024 - 1), "1.0 GiB");
    EXPECT_EQ(formatBytes(3355443), "3.2 MiB");
    EXPECT_EQ(formatBytes(5.0 * 1024 * 1024 * 1024), "5.0 GiB");
    EXPECT_EQ(formatBytes(10.0 * 1024 * 1024), "10.0 MiB");
    EXPECT_EQ(formatBytes(1024.0 * 1024 * 1024 * 1024 * 1024), "1.0 PiB");
    EXPECT_EQ(formatBytes(9223372036854775807.0), "8.0 EiB"); // INT64_MAX
}

TEST(FormatBytes, NegativeOrNaNIsUnknown)
{
    EXPECT_EQ(formatBytes(-1), "\u2014");
    EXPECT_EQ(formatBytes(-1e9), "\u2014");
    EXPECT_EQ(formatBytes(std::nan("")), "\u2014");
    EXPECT_EQ(unknownText(), "\u2014");
}

TEST(FormatBytes, DecimalPointIgnoresLocale)
{
    // Under a locale with a decimal comma (where one is installed), printf would say "1,5 KiB".
    const char* before = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = before ? before : "C";
    for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "C"})
        if (std::setlocale(LC_NUMERIC, name))
            break;
    const std::string text = formatBytes(1536);
    std::setlocale(LC_NUMERIC, saved.c_str());
    EXPECT_EQ(text, "1.5 KiB");
}

TEST(Utf8, ValidTexts)
{
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain ascii"));
    EXPECT_TRUE(isValidUtf8(string("nul\0inside", 10)));
    EXPECT_TRUE(isValidUtf8("\xC3\xA4"));         // U+00E4
    EXPECT_TRUE(isValidUtf8("\xE2\x82\xAC"));     // U+20AC
    EXPECT_TRUE(isValidUtf8("\xEF\xBF\xBF"));     // U+FFFF
    EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80")); // U+1F600
    EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF")); // U+10FFFF, the last
}

TEST(Utf8, MalformedTexts)
{
    EXPECT_FALSE(isValidUtf8("\x80"));             // a lone continuation
    EXPECT_FALSE(isValidUtf8("\xC3"));             // cut short
    EXPECT_FALSE(isValidUtf8("\xE2\x82"));         // cut short
    EXPECT_FALSE(isValidUtf8("\xC3\x28"));         // not a continuation
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));     // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xF0\x80\x80\xAF")); // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate U+D800
    EXPECT_FALSE(isValidUtf8("\xED\xBF\xBF"));     // surrogate U+DFFF
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // U+110000
    EXPECT_FALSE(isValidUtf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(isValidUtf8("\xFF"));
}

TEST(Utf8, DecodeAtGivesLengthAndCodePoint)
{
    char32_t cp = 0;
    EXPECT_EQ(decodeUtf8At("a\xE2\x80\xAE", 1, &cp), 3u);
    EXPECT_EQ(cp, U'\u202E');
    EXPECT_EQ(decodeUtf8At("a", 0, &cp), 0u); // ASCII is not a multi-byte sequence
    EXPECT_EQ(decodeUtf8At("a", 5, &cp), 0u); // past the end
    EXPECT_EQ(decodeUtf8At("\xE2\x80", 0, &cp), 0u);
    EXPECT_TRUE(isUtf8Continuation(0x80));
    EXPECT_TRUE(isUtf8Continuation(0xBF));
    EXPECT_FALSE(isUtf8Continuation(0xC2));
    EXPECT_FALSE(isUtf8Continuation('a'));
}

TEST(HexDigitValue, EveryCharacter)
{
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        int want = -1;
        if (ch >= '0' && ch <= '9')
            want = c - '0';
        else if (ch >= 'a' && ch <= 'f')
            want = c - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            want = c - 'A' + 10;
        EXPECT_EQ(hexDigitValue(ch), want) << c;
    }
}
