// The semantic index (regel/index.h): every declared name with its kind, type, comment and
// lagrum; every resolved use pointing at its declaration; lookups by position; its JSON; and an
// index built from what could be read after a syntax error.
#include "regel/index.h"

#include <gtest/gtest.h>

#include <string>

#include "regel/compile.h"

namespace regel {
namespace {

const char* const kSource = R"(regelverk "Prov"
  version "1"
  beslutsdatum månad

# Den som söker.
# Två rader kommentar.
post Vuxen {
  lön: belopp  # efter skatt
  inskriven: ja/nej
}

uppräkning Boende { hyresrätt, bostadsrätt }

indata {
  månad: månad
  vuxna: lista av Vuxen
  boende: Boende
}

# Riksnormen för vuxna.
parameter norm(antal: heltal): belopp
  lagrum "2 kap. 1 § SoF"
  gäller från 2023-01-01: 3 000 kr

värde inkomst: belopp lagrum "4 kap. 1 § SoL" = summa(v.lön för varje v i vuxna)

värde lön_för(v: Vuxen): belopp = v.lön

villkor hyr = boende = hyresrätt

beslut
  bifall med norm(antal(vuxna)) - inkomst om hyr
  avslag annars
)";

SemanticIndex indexOf(const std::string& source) {
  CompileOptions options;
  options.index = true;
  CompileResult r = compileSource("prov.regel", source, options);
  EXPECT_NE(r.index, nullptr);
  return r.index ? *r.index : SemanticIndex{};
}

const IndexedName* named(const SemanticIndex& index, const std::string& kind, const std::string& name) {
  for (const auto& n : index.names) {
    if (n.kind == kind && n.name == name) return &n;
  }
  return nullptr;
}

// The byte offset of the `nth` (0-based) occurrence of `what` in kSource.
uint32_t offsetOf(const std::string& what, int nth = 0) {
  const std::string s = kSource;
  size_t at = s.find(what);
  for (int i = 0; i < nth && at != std::string::npos; ++i) at = s.find(what, at + 1);
  EXPECT_NE(at, std::string::npos) << what;
  return static_cast<uint32_t>(at);
}

TEST(SemanticIndex, NamesEveryDeclarationWithKindTypeAndPlace) {
  const SemanticIndex index = indexOf(kSource);
  const IndexedName* vuxen = named(index, "post", "Vuxen");
  ASSERT_NE(vuxen, nullptr);
  EXPECT_EQ(vuxen->location.line, 7u);
  EXPECT_EQ(vuxen->location.column, 6u);
  EXPECT_EQ(vuxen->comment, "Den som söker.\nTvå rader kommentar.");

  const IndexedName* lon = named(index, "fält", "lön");
  ASSERT_NE(lon, nullptr);
  EXPECT_EQ(lon->type, "belopp");
  EXPECT_EQ(lon->container, "Vuxen");
  EXPECT_EQ(lon->comment, "efter skatt");  // the comment at the end of its line

  const IndexedName* vuxna = named(index, "fält", "vuxna");
  ASSERT_NE(vuxna, nullptr);
  EXPECT_EQ(vuxna->type, "lista av Vuxen");
  EXPECT_EQ(vuxna->container, "indata");

  ASSERT_NE(named(index, "uppräkning", "Boende"), nullptr);
  const IndexedName* hyresratt = named(index, "uppräkningsvärde", "hyresrätt");
  ASSERT_NE(hyresratt, nullptr);
  EXPECT_EQ(hyresratt->container, "Boende");

  const IndexedName* norm = named(index, "parameter", "norm");
  ASSERT_NE(norm, nullptr);
  EXPECT_EQ(norm->type, "belopp");
  EXPECT_EQ(norm->comment, "Riksnormen för vuxna.");
  EXPECT_EQ(norm->lagrum, std::vector<std::string>{"2 kap. 1 § SoF"});
  const IndexedName* antal = named(index, "argument", "antal");
  ASSERT_NE(antal, nullptr);
  EXPECT_EQ(antal->type, "heltal");
  EXPECT_EQ(antal->container, "norm");

  const IndexedName* inkomst = named(index, "definition", "inkomst");
  ASSERT_NE(inkomst, nullptr);
  EXPECT_EQ(inkomst->type, "belopp");
  EXPECT_EQ(inkomst->lagrum, std::vector<std::string>{"4 kap. 1 § SoL"});
  EXPECT_EQ(inkomst->comment, "");

  const IndexedName* hyr = named(index, "villkor", "hyr");
  ASSERT_NE(hyr, nullptr);
  EXPECT_EQ(hyr->type, "ja/nej");

  // The element of a definition per element, and the name an aggregate binds.
  const IndexedName* arg = named(index, "argument", "v");
  ASSERT_NE(arg, nullptr);
  EXPECT_EQ(arg->type, "Vuxen");
  EXPECT_EQ(arg->container, "lön_för");
  const IndexedName* local = named(index, "lokal", "v");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->type, "Vuxen");

  // In source order.
  for (size_t i = 1; i < index.names.size(); ++i) {
    EXPECT_LT(index.names[i - 1].location.byteBegin, index.names[i].location.byteBegin);
  }
}

TEST(SemanticIndex, EveryUseLeadsToItsDeclaration) {
  const SemanticIndex index = indexOf(kSource);
  const auto declarationAt = [&](uint32_t offset) -> const IndexedName* {
    for (const auto& r : index.references) {
      if (r.location.byteBegin == offset) return &index.names.at(r.name);
    }
    return nullptr;
  };
  // `v.lön` in inkomst: the local v, then the field lön of Vuxen.
  const uint32_t use = offsetOf("v.lön för");
  const IndexedName* v = declarationAt(use);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->kind, "lokal");
  const IndexedName* lon = declarationAt(use + 2);
  ASSERT_NE(lon, nullptr);
  EXPECT_EQ(lon->kind, "fält");
  EXPECT_EQ(lon->location.byteBegin, offsetOf("lön: belopp"));
  // A type, an input field, an enum value, a parameter call, a condition and a definition.
  EXPECT_EQ(declarationAt(offsetOf("Vuxen", 1))->kind, "post");      // lista av Vuxen
  EXPECT_EQ(declarationAt(offsetOf("boende = hyresrätt"))->name, "boende");
  EXPECT_EQ(declarationAt(offsetOf("hyresrätt", 1))->kind, "uppräkningsvärde");
  EXPECT_EQ(declarationAt(offsetOf("norm(antal(vuxna))"))->kind, "parameter");
  EXPECT_EQ(declarationAt(offsetOf("hyr\n  avslag"))->kind, "villkor");
  EXPECT_EQ(declarationAt(offsetOf("inkomst om"))->kind, "definition");
  // The element in `lön_för`'s body is its argument, not the aggregate's local.
  EXPECT_EQ(declarationAt(offsetOf("v.lön\n"))->kind, "argument");
  // Lines and columns: `inkomst om hyr` is on line 32.
  for (const auto& r : index.references) {
    if (r.location.byteBegin != offsetOf("inkomst om")) continue;
    EXPECT_EQ(r.location.line, 32u);
    EXPECT_EQ(r.location.endColumn - r.location.column, 7u);
  }
}

// Named exceptions are names of their definition, and `till X` / `från X` refer to them; the
// header's `beslutsdatum FÄLT` refers to the input field.
TEST(SemanticIndex, ExceptionsAndTheDecisionDateFieldAreIndexed) {
  const std::string source = R"(regelverk "Undantag"
  version "1"
  beslutsdatum ansökt
indata { ansökt: datum, sjuk: ja/nej, gravid: ja/nej }
värde norm: belopp lagrum "1 §" = 1 000 kr
  # Högre norm vid sjukdom.
  undantag sjukdom om sjuk:
    lagrum "2 §"
    = 1 500 kr
  undantag graviditet till sjukdom om gravid:
    lagrum "3 §"
    = 1 800 kr
beslut
  bifall med norm
)";
  const SemanticIndex index = indexOf(source);
  const IndexedName* sjukdom = named(index, "undantag", "sjukdom");
  ASSERT_NE(sjukdom, nullptr);
  EXPECT_EQ(sjukdom->container, "norm");
  EXPECT_EQ(sjukdom->comment, "Högre norm vid sjukdom.");
  EXPECT_EQ(sjukdom->lagrum, (std::vector<std::string>{"2 §"}));
  ASSERT_NE(named(index, "undantag", "graviditet"), nullptr);
  const auto at = [&](const std::string& what, int nth) {
    size_t pos = source.find(what);
    for (int i = 0; i < nth; ++i) pos = source.find(what, pos + 1);
    return static_cast<uint32_t>(pos);
  };
  const auto declarationAt = [&](uint32_t offset) -> const IndexedName* {
    for (const auto& r : index.references) {
      if (r.location.byteBegin == offset) return &index.names.at(r.name);
    }
    return nullptr;
  };
  const IndexedName* overridden = declarationAt(at("sjukdom", 2));  // `till sjukdom` (after the comment and the name)
  ASSERT_NE(overridden, nullptr);
  EXPECT_EQ(overridden, sjukdom);
  const IndexedName* dateField = declarationAt(at("ansökt", 0));  // in the header
  ASSERT_NE(dateField, nullptr);
  EXPECT_EQ(dateField->kind, "fält");
  EXPECT_EQ(dateField->location.byteBegin, at("ansökt", 1));
}

TEST(SemanticIndex, FindsTheNameAtAPosition) {
  const SemanticIndex index = indexOf(kSource);
  const IndexedName* at = index.at(offsetOf("inkomst om") + 3);  // inside the use
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->name, "inkomst");
  EXPECT_EQ(at->kind, "definition");
  const IndexedName* decl = index.at(offsetOf("norm(antal: heltal)"));  // at the declaration
  ASSERT_NE(decl, nullptr);
  EXPECT_EQ(decl->kind, "parameter");
  EXPECT_EQ(index.at(offsetOf("beslut\n")), nullptr);  // a keyword
}

TEST(SemanticIndex, RendersAsJson) {
  const std::string json = renderIndexJson(indexOf(kSource));
  EXPECT_NE(json.find("\"schema\": \"regel-index/1\""), std::string::npos);
  EXPECT_NE(json.find("\"art\": \"uppräkningsvärde\""), std::string::npos);
  EXPECT_NE(json.find("\"kommentar\": \"Den som söker.\\nTvå rader kommentar.\""), std::string::npos);
  EXPECT_NE(json.find("\"referenser\": ["), std::string::npos);
}

TEST(SemanticIndex, IsBuiltFromWhatCouldBeReadAfterASyntaxError) {
  std::string broken = kSource;
  broken.replace(broken.find("= v.lön\n"), 8, "= v.lön +\n");  // lön_för's body is cut short
  CompileOptions options;
  options.index = true;
  CompileResult r = compileSource("prov.regel", broken, options);
  EXPECT_GT(r.errors, 0u);
  ASSERT_NE(r.index, nullptr);
  EXPECT_NE(named(*r.index, "definition", "inkomst"), nullptr);
  EXPECT_NE(named(*r.index, "parameter", "norm"), nullptr);
  EXPECT_FALSE(r.index->references.empty());
}

TEST(SemanticIndex, IsNotBuiltUnlessAskedFor) {
  EXPECT_EQ(compileSource("prov.regel", kSource).index, nullptr);
}

}  // namespace
}  // namespace regel
