#include "dedup/template_guard.h"

#include <gtest/gtest.h>

#include "dedup/arabic_words.h"
#include "dedup/shingles.h"
#include "text/normalize.h"

namespace akhbar::dedup {
namespace {

FactCheck check(std::string_view a, std::string_view b) {
  const std::string fa = text::fold_for_matching(a), fb = text::fold_for_matching(b);
  return compare_facts(fa, fb, jaccard(shingle_hashes(fa), shingle_hashes(fb)));
}

// A weather bulletin in the style of the Saudi National Center for
// Meteorology's daily reports (written for this test).
constexpr const char* kRiyadhWeather =
    "توقع المركز الوطني للأرصاد أن تكون درجة الحرارة العظمى في الرياض اليوم 35 درجة مئوية "
    "والصغرى 22 درجة، مع رياح شمالية غربية خفيفة إلى معتدلة السرعة وسماء صافية طوال اليوم.";
constexpr const char* kJeddahWeather =
    "توقع المركز الوطني للأرصاد أن تكون درجة الحرارة العظمى في جدة اليوم 38 درجة مئوية "
    "والصغرى 22 درجة، مع رياح شمالية غربية خفيفة إلى معتدلة السرعة وسماء صافية طوال اليوم.";

TEST(TemplateGuard, WeatherForTwoCitiesHasDifferentFacts) {
  const FactCheck r = check(kRiyadhWeather, kJeddahWeather);
  EXPECT_FALSE(r.same_facts);
  EXPECT_NE(r.reason.find("35"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("38"), std::string::npos) << r.reason;
}

TEST(TemplateGuard, OneChangedNumberIsADifferentFactAtAnySimilarity) {
  const std::string tail =
      " وأوضح المتحدث الرسمي للوزارة أن الحالات الجديدة جميعها من المخالطين للحالات التي تم "
      "الإعلان عنها مسبقا، وأن جميع الحالات تخضع للرعاية الطبية وفقا لإرشادات منظمة الصحة "
      "العالمية، وأن الوزارة ستعلن أي إصابة جديدة فور اكتشافها بكل شفافية، داعيا المواطنين إلى "
      "الالتزام بالإجراءات الوقائية وتجنب التجمعات والاتصال بالخط الساخن عند ظهور أي أعراض.";
  const std::string a = "أعلنت وزارة الصحة اليوم تسجيل 30 حالة جديدة." + tail;
  const std::string b = "أعلنت وزارة الصحة اليوم تسجيل 41 حالة جديدة." + tail;
  const std::string fa = text::fold_for_matching(a), fb = text::fold_for_matching(b);
  const double j = jaccard(shingle_hashes(fa), shingle_hashes(fb));
  EXPECT_GT(j, 0.8);  // not borderline, yet different facts
  EXPECT_FALSE(compare_facts(fa, fb, j).same_facts);
}

TEST(TemplateGuard, CondolenceCablesToDifferentFamilies) {
  const char* a =
      "بعث خادم الحرمين الشريفين برقية عزاء ومواساة لأسرة الشيخ عبدالله بن سالم العتيبي، وقال "
      "فيها: علمنا بنبأ وفاة الشيخ عبدالله بن سالم العتيبي، ونبعث لكم ولأسرة الفقيد أحر التعازي "
      "وصادق المواساة، سائلين المولى أن يتغمده بواسع رحمته ويسكنه فسيح جناته.";
  const char* b =
      "بعث خادم الحرمين الشريفين برقية عزاء ومواساة لأسرة الشيخ محمد بن فهد القحطاني، وقال "
      "فيها: علمنا بنبأ وفاة الشيخ محمد بن فهد القحطاني، ونبعث لكم ولأسرة الفقيد أحر التعازي "
      "وصادق المواساة، سائلين المولى أن يتغمده بواسع رحمته ويسكنه فسيح جناته.";
  const FactCheck r = check(a, b);
  EXPECT_FALSE(r.same_facts);
  EXPECT_NE(r.reason.find("different names"), std::string::npos) << r.reason;
}

TEST(TemplateGuard, InsertionsDeletionsAndMovesAreNotFacts) {
  const std::string p1 =
      "شهد وزير الموارد المائية والري مراسم توقيع عقد المرحلة الثانية من الدراسة.";
  const std::string p2 =
      "وتهدف الدراسة إلى تحديد الإمكانات والسحب الآمن المستدام للخزانات الجوفية.";
  const std::string p3 = "وأكد الوزير أهمية التعاون مع الجامعات المصرية في مجال البحث العلمي.";
  const std::string p4 =
      "وقد حضر التوقيع عدد من قيادات الوزارة وأساتذة كلية الهندسة بجامعة القاهرة.";
  const std::string original = p1 + " " + p2 + " " + p3 + " " + p4;
  EXPECT_TRUE(check(original, p3 + " " + p1 + " " + p2 + " " + p4).same_facts);  // moved
  EXPECT_TRUE(check(original, p1 + " " + p2 + " " + p4).same_facts);             // deleted
  EXPECT_TRUE(check(original, "القاهرة (أ ش أ) - " + original + " تابعونا على تويتر 24 ساعة")
                  .same_facts);  // dateline and footer added
}

TEST(TemplateGuard, WordEditsPassWhenThePairIsNotBorderline) {
  const std::string fa = text::fold_for_matching(kRiyadhWeather);
  std::string b = kRiyadhWeather;
  b.replace(b.find("خفيفة"), std::string("خفيفة").size(), "هادئة");
  const std::string fb = text::fold_for_matching(b);
  EXPECT_TRUE(compare_facts(fa, fb, 0.85).same_facts);
  EXPECT_FALSE(compare_facts(fa, fb, 0.6).same_facts);  // borderline: names checked
}

TEST(TemplateGuard, IdenticalAndEmptyTexts) {
  EXPECT_TRUE(check(kRiyadhWeather, kRiyadhWeather).same_facts);
  EXPECT_TRUE(check("", "").same_facts);
  EXPECT_TRUE(check("", kRiyadhWeather).same_facts);  // pure insertion
}

TEST(ArabicWords, StopWordsAreFolded) {
  EXPECT_TRUE(is_stopword("في"));
  EXPECT_TRUE(is_stopword(text::fold_for_matching("على")));
  EXPECT_TRUE(is_stopword(text::fold_for_matching("إلى")));
  EXPECT_FALSE(is_stopword("الرياض"));
}

TEST(ArabicWords, LightStemming) {
  EXPECT_EQ(light_stem("الرياض"), "رياض");
  EXPECT_EQ(light_stem("والمعلمون"), "معلم");
  EXPECT_EQ(light_stem("بالمدارس"), "مدارس");
  EXPECT_EQ(light_stem("الحكومه"), "حكوم");
  EXPECT_EQ(light_stem("مفاوضات"), "مفاوض");
  EXPECT_EQ(light_stem("كتابها"), "كتاب");
  EXPECT_EQ(light_stem("الي"), "الي");      // too short to strip
  EXPECT_EQ(light_stem("covid"), "covid");  // not Arabic
  EXPECT_EQ(light_stem("2026"), "2026");
}

}  // namespace
}  // namespace akhbar::dedup
