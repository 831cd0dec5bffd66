#include "parsers/article.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/test_support.h"
#include "text/utf8.h"

namespace akhbar::parsers {
namespace {

using ::akhbar::testing::read_fixture;

// gtest only (the test binaries do not link gmock): substring checks.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << part << "\" not found in:\n" << text;
}
::testing::AssertionResult Lacks(const std::string& text, const std::string& part) {
  const std::size_t at = text.find(part);
  if (at == std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << part << "\" found in:\n" << text;
}

ExtractedArticle extract_fixture(const std::string& name, const std::string& url = "") {
  return extract_article(read_fixture("pages/" + name), ExtractOptions{url});
}

// Every string the extractor returns must be valid UTF-8.
void expect_valid_utf8(const ExtractedArticle& a) {
  for (const std::string* s :
       {&a.title, &a.author, &a.published_at, &a.modified_at, &a.canonical_url, &a.language,
        &a.site_name, &a.image_url, &a.description, &a.section}) {
    EXPECT_TRUE(text::is_valid_utf8(*s)) << *s;
  }
  for (const std::string& t : a.tags) EXPECT_TRUE(text::is_valid_utf8(t));
  for (const std::string& p : a.paragraphs) EXPECT_TRUE(text::is_valid_utf8(p));
}

// A page around one story paragraph, for the inline tests.
std::string page_with(const std::string& body, const std::string& head = "") {
  return "<!DOCTYPE html><html><head><meta charset=utf-8>" + head + "</head><body>" + body +
         "</body></html>";
}

const char kStory[] =
    "وقعت وزارة الزراعة اتفاقية جديدة مع اتحاد المزارعين لتوفير البذور المحسنة بأسعار مدعومة، "
    "على أن يبدأ التوزيع في المحافظات الشمالية مطلع الموسم المقبل، وفق ما أعلنه الوزير.";

// ---------------------------------------------------------------- metadata

TEST(ArticleMetadata, EconomyPageFromMetaTags) {
  const ExtractedArticle a = extract_fixture(
      "article-economy.html",
      "https://diffatayn.example/economy/2024/10/17/central-bank-holds-rates?from=rss");
  EXPECT_EQ(a.title, "البنك المركزي يثبت أسعار الفائدة للمرة الثالثة على التوالي");
  EXPECT_EQ(a.author, "ليلى منصور");
  EXPECT_EQ(a.published_at, "2024-10-17T16:45:00Z");  // +03:00 turned into UTC
  EXPECT_EQ(a.canonical_url,
            "https://diffatayn.example/economy/2024/10/17/central-bank-holds-rates");
  EXPECT_EQ(a.language, "ar");
  EXPECT_EQ(a.site_name, "أخبار الضفتين");
}

TEST(ArticleMetadata, AmpTwinResolvedAgainstThePageUrl) {
  const std::string body =
      "<body><article><h1>عنوان</h1><p>" + std::string(300, 'x') + ".</p></article></body>";
  const ExtractedArticle amp = extract_article(
      "<html><head><link rel=\"AmpHtml\" href=\" ../amp/story-1.html \"></head>" + body,
      {.url = "https://site.example/news/story-1.html"});
  EXPECT_EQ(amp.amp_url, "https://site.example/amp/story-1.html");
  const ExtractedArticle none = extract_article(
      "<html><head><link rel=\"canonical\" href=\"/news/story-1.html\"></head>" + body,
      {.url = "https://site.example/news/story-1.html"});
  EXPECT_EQ(none.amp_url, "");
}

TEST(ArticleMetadata, SportsPageWithoutMetaTagsUsesVisiblePage) {
  const ExtractedArticle a = extract_fixture("article-sports.html");
  EXPECT_EQ(a.title, "المنتخب الوطني يتأهل إلى نهائي كأس العرب بركلات الترجيح");  // the h1
  EXPECT_EQ(a.author, "خالد العمري");                 // class=author-name, "بقلم:" removed
  EXPECT_EQ(a.published_at, "2024-12-18T21:10:00Z");  // <time datetime>
  EXPECT_EQ(a.canonical_url, "");
  EXPECT_EQ(a.site_name, "");
  EXPECT_EQ(a.language, "ar");  // no lang attribute: guessed from the script
}

TEST(ArticleMetadata, CulturePagePubdateRelAuthorAndRegionalLang) {
  const ExtractedArticle a = extract_fixture("article-culture.html");
  EXPECT_EQ(a.title, "جائزة الرواية العربية تعلن قائمتها القصيرة بست روايات");
  EXPECT_EQ(a.author, "نور صالح");
  EXPECT_EQ(a.published_at, "2024-11-02T06:00:00Z");  // meta name=pubdate, +02:00
  EXPECT_EQ(a.canonical_url, "https://mashhad.example/culture/novel-prize-shortlist-2024");
  EXPECT_EQ(a.language, "ar");  // from lang="ar-EG"
  EXPECT_EQ(a.site_name, "المشهد الثقافي");
}

TEST(ArticleMetadata, HealthPageFromJsonLdTwitterAndOgLocale) {
  const ExtractedArticle a = extract_fixture("article-health.html");
  EXPECT_EQ(a.title, "دراسة: المشي ثلاثين دقيقة يومياً يخفض ضغط الدم لدى كبار السن");
  EXPECT_EQ(a.author, "د. نادر السويدي");
  EXPECT_EQ(a.published_at, "2024-09-05T06:30:00Z");
  EXPECT_EQ(a.canonical_url, "https://sihhatuk.example/health/walking-blood-pressure");
  EXPECT_EQ(a.language, "ar");  // og:locale ar_SA
  EXPECT_EQ(a.site_name, "صحتك اليوم");
}

TEST(ArticleMetadata, TitleTagFallbackDropsTrailingSiteName) {
  const ExtractedArticle a =
      extract_article(page_with(std::string("<div class=main><p>") + kStory + "</p></div>",
                                "<title>الحكومة تقر خطة لدعم المزارعين | جريدة المساء</title>"));
  EXPECT_EQ(a.title, "الحكومة تقر خطة لدعم المزارعين");
}

TEST(ArticleMetadata, TitleTagFallbackDropsLeadingSiteNameKnownFromOg) {
  const ExtractedArticle a = extract_article(
      page_with(std::string("<div><p>") + kStory + "</p></div>",
                "<title>جريدة المساء الإلكترونية - الحكومة تقر خطة لدعم المزارعين</title>"
                "<meta property=\"og:site_name\" content=\"جريدة المساء الإلكترونية\">"));
  EXPECT_EQ(a.title, "الحكومة تقر خطة لدعم المزارعين");
}

TEST(ArticleMetadata, AuthorThatIsAUrlIsIgnored) {
  const ExtractedArticle a = extract_article(page_with(
      std::string("<article><p>") + kStory + "</p></article>",
      "<meta property=\"article:author\" content=\"https://www.facebook.com/somepage\">"));
  EXPECT_EQ(a.author, "");
}

TEST(ArticleMetadata, LevantinePageWithVisibleDatesOnly) {
  const ExtractedArticle a =
      extract_fixture("article-levant-dates.html", "https://nabd.example/local/2026/11/20/bridge");
  EXPECT_EQ(a.title, "البلدية تفتتح جسراً جديداً فوق النهر");
  EXPECT_EQ(a.author, "رنا الخطيب");
  // "نشر في ٢٠ تشرين الثاني ٢٠٢٦ - ٠٩:٣٠": no zone written, taken as UTC.
  // Not the top bar's date of today, the body's ٥ أيار ٢٠٢٥, nor most-read dates.
  EXPECT_EQ(a.published_at, "2026-11-20T09:30:00Z");
  EXPECT_EQ(a.modified_at, "2026-11-21T14:15:00Z");  // "آخر تحديث: ..."
  EXPECT_EQ(a.image_url, "https://nabd.example/media/2026/11/bridge.jpg");  // og:image, relative
  EXPECT_EQ(a.description,
            "افتتحت البلدية جسراً جديداً للمشاة والسيارات فوق النهر يربط الحيين الشرقي والغربي.");
  EXPECT_EQ(a.section, "محليات");  // JSON-LD BreadcrumbList: not "home", not the story itself
  // article:tag metas, then JSON-LD keywords, deduplicated; meta keywords unused.
  EXPECT_EQ(a.tags, (std::vector<std::string>{"البلدية", "النقل", "الجسور"}));
  EXPECT_EQ(a.language, "ar");
  ASSERT_EQ(a.paragraphs.size(), 4u);
  EXPECT_TRUE(Lacks(a.text(), "تشرين الثاني"));
}

TEST(ArticleMetadata, VisibleDateLineBetweenHeadlineAndText) {
  const ExtractedArticle a = extract_article(
      page_with("<div class=story><h1>اتفاقية البذور</h1><div>الأحد 20 نوفمبر 2026 - 09:30</div>"
                "<div class=body><p>" +
                std::string(kStory) + "</p><p>" + kStory + "</p></div></div>"));
  EXPECT_EQ(a.published_at, "2026-11-20T09:30:00Z");
  EXPECT_EQ(a.modified_at, "");
}

TEST(ArticleMetadata, TimeElementTextWithoutDatetime) {
  const ExtractedArticle a = extract_article(
      page_with("<article><h1>اتفاقية البذور</h1><p>" + std::string(kStory) + "</p><p>" + kStory +
                "</p><footer>نشر في <time>٣ آذار ٢٠٢٤</time></footer></article>"));
  EXPECT_EQ(a.published_at, "2024-03-03T00:00:00Z");
}

TEST(ArticleMetadata, NoVisibleDateFromBodyTextOrOtherStories) {
  const ExtractedArticle a = extract_article(page_with(
      // Today's date in a bar above the headline, in the same wrapper as the story.
      "<div class=wrap><div class=date-today>الثلاثاء 1 ديسمبر 2026</div>"
      "<h1>اتفاقية البذور</h1><div class=body><p>وقعت الوزارة الاتفاقية في 20 نوفمبر 2026، " +
      std::string(kStory) + "</p><p>" + kStory + "</p><p>" + kStory + "</p><p>" + kStory +
      "</p></div><div class=related><ul>" +
      "<li><a href=/1>خبر آخر عن الزراعة</a><span class=date>19 نوفمبر 2026</span></li>" +
      "<li><a href=/2>خبر ثالث</a><time>18 نوفمبر 2026</time></li></ul></div></div>"));
  EXPECT_EQ(a.published_at, "");
  EXPECT_EQ(a.modified_at, "");
}

TEST(ArticleMetadata, MachineReadableDateWinsOverVisibleText) {
  const ExtractedArticle a = extract_article(
      page_with("<article><h1>اتفاقية البذور</h1><div class=date>20 نوفمبر 2026</div><p>" +
                    std::string(kStory) + "</p></article>",
                "<meta property=\"article:published_time\" content=\"2026-11-19T22:00:00+02:00\">"
                "<meta property=\"article:modified_time\" content=\"2026-11-21T08:00:00Z\">"));
  EXPECT_EQ(a.published_at, "2026-11-19T20:00:00Z");
  EXPECT_EQ(a.modified_at, "2026-11-21T08:00:00Z");
}

TEST(ArticleMetadata, JsonLdImageKeywordsSectionDescriptionAndModified) {
  const std::string json_ld = R"(<script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "اتفاقية البذور",
     "datePublished": "2026-11-20T09:30:00+03:00", "dateModified": "2026-11-20T12:00:00+03:00",
     "description": "اتفاقية لتوفير البذور المحسنة",
     "image": [{"@type": "ImageObject", "url": "/img/seeds.jpg"}, "https://x.example/other.jpg"],
     "articleSection": ["اقتصاد", "زراعة"], "keywords": "زراعة، بذور, زراعة ,"}
    </script>)";
  const ExtractedArticle a =
      extract_article(page_with("<article><p>" + std::string(kStory) + "</p></article>", json_ld),
                      ExtractOptions{"https://news.example/eco/1"});
  EXPECT_EQ(a.published_at, "2026-11-20T06:30:00Z");
  EXPECT_EQ(a.modified_at, "2026-11-20T09:00:00Z");
  EXPECT_EQ(a.image_url, "https://news.example/img/seeds.jpg");
  EXPECT_EQ(a.description, "اتفاقية لتوفير البذور المحسنة");
  EXPECT_EQ(a.section, "اقتصاد");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"زراعة", "بذور"}));
}

TEST(ArticleMetadata, FallbacksTwitterImageMetaKeywordsAndDomBreadcrumb) {
  const ExtractedArticle a = extract_article(
      page_with("<div class=breadcrumbs><a href=/>الرئيسية</a> › <a href=/sport>رياضة</a> › "
                "<a href=/sport/1>اتفاقية البذور</a></div><article><h1>اتفاقية البذور</h1><p>" +
                    std::string(kStory) + "</p></article>",
                "<meta name=\"twitter:image\" content=\"//cdn.example/a.jpg\">"
                "<meta name=\"twitter:description\" content=\"وصف قصير\">"
                "<meta name=\"keywords\" content=\"كرة القدم، المنتخب، كرة القدم\">"));
  EXPECT_EQ(a.image_url, "https://cdn.example/a.jpg");  // scheme-relative, no page URL
  EXPECT_EQ(a.description, "وصف قصير");
  EXPECT_EQ(a.section, "رياضة");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"كرة القدم", "المنتخب"}));
}

TEST(ArticleMetadata, RelTagLinksAreTagsWhenNoMetaNamesThem) {
  const ExtractedArticle a = extract_article(
      page_with("<article><p>" + std::string(kStory) +
                "</p><div class=tags><a rel=tag href=/t/1>زراعة</a> <a rel=tag href=/t/2>بذور</a>"
                " <a rel=\"category tag\" href=/c/1>اقتصاد</a></div></article>"));
  EXPECT_EQ(a.tags, (std::vector<std::string>{"زراعة", "بذور"}));
}

TEST(ArticleMetadata, LanguageGuessSeparatesPersianAndUrduFromArabic) {
  // clang-format 14 miscounts the width of zero-width non-joiners and never settles here.
  // clang-format off
  const std::string persian =
      "وزارت کشاورزی روز گذشته قراردادی با اتحادیه کشاورزان امضا کرد تا بذرهای "
      "اصلاح‌شده با قیمت یارانه‌ای در اختیار آنها قرار گیرد "
      "و توزیع از فصل آینده در استان‌های شمالی آغاز شود.";
  // clang-format on
  const std::string urdu =
      "وزارت زراعت نے کسانوں کی تنظیم کے ساتھ ایک نیا معاہدہ کیا ہے جس کے تحت بہتر بیج رعایتی "
      "قیمتوں پر فراہم کیے جائیں گے اور تقسیم اگلے موسم سے شمالی اضلاع میں شروع ہوگی۔";
  EXPECT_EQ(extract_article(page_with("<article><p>" + persian + "</p></article>")).language, "fa");
  EXPECT_EQ(extract_article(page_with("<article><p>" + urdu + "</p></article>")).language, "ur");
  EXPECT_EQ(
      extract_article(page_with("<article><p>" + std::string(kStory) + "</p></article>")).language,
      "ar");
  // A declared language is never second-guessed.
  EXPECT_EQ(
      extract_article("<html lang=ar><body><article><p>" + persian + "</p></article></body></html>")
          .language,
      "ar");
}

// ---------------------------------------------------------------- body

TEST(ArticleBody, EconomyPageKeepsStoryAndSubheadingOnly) {
  const ExtractedArticle a = extract_fixture("article-economy.html");
  const std::vector<std::string> expected = {
      "أعلن البنك المركزي، مساء الخميس، تثبيت سعر الفائدة الرئيسي عند مستواه الحالي للمرة "
      "الثالثة على التوالي، في خطوة توقعها معظم المحللين بعد تباطؤ التضخم خلال الربع الأخير.",
      "وقال محافظ البنك في مؤتمر صحفي إن لجنة السياسة النقدية رأت أن الظروف الحالية لا تستدعي "
      "رفعاً جديداً، مشيراً إلى أن معدل التضخم السنوي تراجع إلى 6.2 في المئة في أيلول، مقارنة "
      "بـ7.1 في المئة في الشهر السابق.",
      "توقعات بخفض مطلع العام",
      "ويرى اقتصاديون أن القرار يمهد لخفض تدريجي في أسعار الفائدة مطلع العام المقبل، إذا "
      "استمرت أسعار الغذاء والطاقة في الاستقرار. وقالت الباحثة في الاقتصاد الكلي سلمى الحداد "
      "إن الأسواق كانت قد سعّرت هذا القرار مسبقاً، وإن الأنظار تتجه الآن إلى بيانات النمو.",
      "في المقابل، حذّر اتحاد الغرف التجارية من أن بقاء الفائدة عند مستوياتها المرتفعة يثقل "
      "كاهل الشركات الصغيرة والمتوسطة، التي تعتمد على القروض قصيرة الأجل لتمويل عملياتها "
      "اليومية، ودعا إلى برامج تمويل ميسّرة.",
      "وسجّلت البورصة المحلية ارتفاعاً طفيفاً عقب الإعلان، إذ صعد المؤشر الرئيسي بنسبة 0.4 في "
      "المئة بقيادة أسهم المصارف وشركات الاتصالات، فيما استقر سعر صرف العملة المحلية أمام "
      "الدولار.",
      "ومن المقرر أن تعقد لجنة السياسة النقدية اجتماعها المقبل في منتصف كانون الأول، على أن "
      "تنشر محضر اجتماعها الأخير خلال أسبوعين.",
  };
  EXPECT_EQ(a.paragraphs, expected);
}

TEST(ArticleBody, EconomyPageBoilerplateIsGone) {
  const std::string text = extract_fixture("article-economy.html").text();
  for (const char* noise : {"اقرأ أيضاً",
                            "التضخم السنوي يتراجع للشهر الرابع",  // related box in the body
                            "الأكثر قراءة",
                            "افتتاح معرض الكتاب",  // most-read sidebar
                            "شارك",
                            "واتساب",  // share bars
                            "الوسوم",
                            "التضخم\n",  // tag list
                            "التعليقات",
                            "إضافة تعليق",  // comments
                            "المؤتمر الصحفي في مقر البنك",
                            "تصوير: رامي خليل",  // caption and credit
                            "الرئيسية",
                            "البنوك",  // breadcrumbs
                            "كتبت",
                            "07:45",  // byline and date line
                            "النشرة البريدية",
                            "جميع الحقوق محفوظة",  // newsletter, footer
                            "سكربت",
                            "نص داخل تعليق",
                            "ليس نصاً"}) {  // script, comment, style
    EXPECT_TRUE(Lacks(text, noise));
  }
  // The ad label and the kicker are words the story also uses: no line of their own.
  for (const std::string& p : extract_fixture("article-economy.html").paragraphs) {
    EXPECT_NE(p, "إعلان");
    EXPECT_NE(p, "اقتصاد");
  }
}

TEST(ArticleBody, SportsPageSplitsAtDoubleBreakAndIgnoresHidden) {
  const ExtractedArticle a = extract_fixture("article-sports.html");
  ASSERT_EQ(a.paragraphs.size(), 6u);
  EXPECT_EQ(a.paragraphs[0],
            "تأهل المنتخب الوطني لكرة القدم إلى المباراة النهائية لبطولة كأس العرب، بعد فوزه على "
            "منافسه بركلات الترجيح بنتيجة 4-3، إثر انتهاء الوقت الأصلي والإضافي بالتعادل "
            "الإيجابي بهدف لكل فريق.");
  // <br> then white space then <br> still separates paragraphs.
  EXPECT_EQ(a.paragraphs[1],
            "وافتتح المنتخب التسجيل في الدقيقة 27 عن طريق قائده يوسف الشامي، الذي استغل كرة "
            "عرضية متقنة وسددها برأسه في الزاوية البعيدة، قبل أن يدرك المنافس التعادل في الدقيقة "
            "71 من ركلة جزاء.");
  EXPECT_EQ(a.paragraphs[2], "لحظات حاسمة في ركلات الترجيح");
  EXPECT_EQ(a.paragraphs[5],
            "ويلتقي المنتخب في المباراة النهائية يوم الجمعة المقبل مع الفائز من مواجهة نصف "
            "النهائي الثانية، التي تقام مساء الغد على الملعب الأولمبي.");
  const std::string text = a.text();
  for (const char* noise : {"مخفي", "مخفية", "أيقونة",                     // hidden
                            "لمزيد من الأخبار", "تابعونا", "يوتيوب",       // social prompts
                            "TT", "لاعبو المنتخب يحتفلون",                 // font control, caption
                            "كلمات مفتاحية", "مبروك للمنتخب", "أبو سالم",  // tags, comment
                            "الأكثر قراءة", "مدرب المنتخب يكشف",           // most read
                            "عاجل", "نص مزيف", "بقلم", "استفتاء"}) {
    EXPECT_TRUE(Lacks(text, noise));
  }
}

TEST(ArticleBody, CulturePageKeepsListsQuotesAndDropsRelatedBox) {
  const ExtractedArticle a = extract_fixture("article-culture.html");
  const std::vector<std::string> expected = {
      "أعلنت لجنة تحكيم جائزة الرواية العربية، صباح السبت، قائمتها القصيرة لدورة هذا العام، "
      "وضمت ست روايات اختيرت من بين مئة وأربعين عملاً تقدمت بها دور نشر من أربع عشرة دولة.",
      "وقالت رئيسة اللجنة، الناقدة هدى الزين، إن الروايات المختارة تتميز بتنوع موضوعاتها بين "
      "الذاكرة والهجرة والمدينة، وبجرأة في البناء السردي، لافتة إلى أن النقاش داخل اللجنة كان "
      "طويلاً قبل الاستقرار على الأسماء النهائية.",
      "روايات القائمة القصيرة",
      "وجاءت الروايات المرشحة على النحو الآتي:",
      "«بيت على حافة النهر» للكاتبة سعاد المهدي",
      "«ملح الطريق» للروائي فارس يعقوب",
      "«آخر قطار إلى الجنوب» للكاتب عمر الفاسي",
      "نحن أمام جيل جديد من الروائيين يكتب المدينة العربية من الداخل، بلغة حرة لا تخشى "
      "التجريب.",
      "وأضافت الزين أن الجائزة ستعلن اسم الرواية الفائزة في حفل يقام في نيسان المقبل، وأن "
      "الفائز سيحصل على مكافأة مالية إلى جانب ترجمة روايته إلى اللغة الإنجليزية.",
      "يذكر أن الجائزة انطلقت قبل سبعة عشر عاماً، وأسهمت في التعريف بعدد كبير من الأصوات "
      "الروائية الجديدة، كما أصبحت القوائم التي تعلنها سنوياً دليلاً للقراء والمترجمين.",
  };
  EXPECT_EQ(a.paragraphs, expected);
  const std::string text = a.text();
  for (const char* noise :
       {"ندوة عن مستقبل النشر", "مهرجان المسرح العربي",  // related box
        "Photo", "أعضاء لجنة التحكيم", "TT", "شارك", "نصوص", "اخبار أدبية", "التعليقات مغلقة",
        "الأكثر مشاهدة", "الأسبوع", "فرقة موسيقية شابة", "السبت 2 نوفمبر"}) {
    EXPECT_TRUE(Lacks(text, noise));
  }
}

TEST(ArticleBody, HealthPageStopsBeforeTheAppendedSecondArticle) {
  const ExtractedArticle a = extract_fixture("article-health.html");
  ASSERT_EQ(a.paragraphs.size(), 6u);
  EXPECT_EQ(a.paragraphs.front(),
            "كشفت دراسة حديثة أن المشي لمدة ثلاثين دقيقة يومياً يساعد على خفض ضغط الدم لدى كبار "
            "السن بشكل ملحوظ، حتى عند من لم يمارسوا الرياضة بانتظام في شبابهم.");
  EXPECT_EQ(a.paragraphs[3], "نصائح قبل البدء");
  EXPECT_EQ(a.paragraphs.back(),
            "وأكدت الدراسة أن الانتظام أهم من السرعة، إذ حقق المشاركون الذين مشوا بوتيرة هادئة كل "
            "يوم نتائج أفضل ممن مارسوا تمارين شاقة مرة واحدة في الأسبوع.");
  const std::string text = a.text();
  for (const char* noise : {"الإفطار", "إفطار متوازن", "خبراء",      // the second article
                            "مسنون يمارسون", "شارك هذا", "ذات صلة",  // caption, share, related
                            "النوم الجيد", "الوسوم", "أضف تعليقاً"}) {
    EXPECT_TRUE(Lacks(text, noise));
  }
}

TEST(ArticleBody, SecondHeadlineInSameContainerStartsAnotherStory) {
  const std::string second =
      "وفي خبر آخر، افتتحت البلدية حديقة عامة جديدة في الحي الشرقي بمساحة عشرة آلاف متر مربع، "
      "وتضم ملاعب للأطفال ومسارات للمشي.";
  const ExtractedArticle a = extract_article(
      page_with(std::string("<div class=content><h1 class=entry-title>اتفاقية البذور</h1><p>") +
                kStory + "</p><p>" + kStory + " وأضاف الوزير أن الاتفاقية تشمل التدريب.</p>" +
                "<h1 class=entry-title>حديقة جديدة</h1><p>" + second + "</p></div>"));
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[0], kStory);
  EXPECT_TRUE(Lacks(a.text(), "حديقة"));
}

TEST(ArticleBody, PlainH1AfterTheTextIsASectionHeading) {
  // Some CMSs mark in-body section headings as <h1>: without headline
  // semantics it stays part of the story.
  const std::string more = std::string(kStory) + " وأضاف الوزير أن الاتفاقية تشمل التدريب.";
  const ExtractedArticle a = extract_article(page_with(
      std::string("<div class=content><h1 class=entry-title>اتفاقية البذور</h1><p>") + kStory +
      "</p><p>" + more + "</p><h1>مراحل التنفيذ</h1><p>" + kStory + "</p></div>"));
  const std::vector<std::string> expected = {kStory, more, "مراحل التنفيذ", kStory};
  EXPECT_EQ(a.paragraphs, expected);
}

TEST(ArticleBody, MarkersMatchAfterArabicFolding) {
  // Tatweel, hamza-less alef and missing tanween must not hide the markers.
  const ExtractedArticle a = extract_article(page_with(
      std::string("<article><p>") + kStory + "</p><p>إقـــرأ ايضا: الوزير يزور المحافظات" +
      "</p><p>الاكثر قراءه</p><p>التعليقات مغلقه.</p><p>Read more: the minister's visit</p>" +
      "<p>" + kStory + " وتابع أن الخطة تمتد لثلاث سنوات.</p></article>"));
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[0], kStory);
}

TEST(ArticleBody, StoryInsideManyInlineWrappersIsFound) {
  // Old templates wrap whole stories in stacks of <font>/<span>.
  std::string html = "<table><tr><td>";
  for (int i = 0; i < 12; ++i) html += "<font face=Tahoma><span>";
  html += "<p>" + std::string(kStory) + "</p><p>" + kStory + " وأكد الوزير ذلك.</p>";
  const ExtractedArticle a = extract_article(page_with(html));
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[0], kStory);
}

TEST(ArticleBody, ProseThatStartsLikeAMarkerIsKept) {
  const std::string prose =
      "شارك آلاف الطلاب في حملة تشجير واسعة شملت المدارس والجامعات في العاصمة، ضمن مبادرة "
      "وطنية لزيادة المساحات الخضراء وتحسين جودة الهواء خلال السنوات الخمس المقبلة.";
  const ExtractedArticle a = extract_article(
      page_with("<article><p>" + std::string(kStory) + "</p><p>" + prose + "</p></article>"));
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[1], prose);
}

// The story's other paragraphs, for the tests that put boxes between them.
const char kStory2[] =
    "وأوضح الوزير أن الاتفاقية تشمل تدريب ألفي مزارع على أساليب الري الحديثة، وتوفير الأسمدة "
    "بأسعار مخفضة للمزارعين الصغار، على أن تراجع نتائجها بعد عامين من بدء التطبيق.";
const char kStory3[] =
    "ومن المنتظر أن تنضم إلى الاتفاقية جمعيات تعاونية من المحافظات الجنوبية خلال الأشهر "
    "المقبلة، بعد استكمال إجراءات التسجيل لدى الوزارة وتحديث قوائم المستفيدين.";

TEST(ArticleBody, NewsletterBoxesInsideTheStoryAreDropped) {
  // Boxes between the story's paragraphs, with no telling class names: only
  // their text says what they are. A bare heading takes its box with it.
  const ExtractedArticle a = extract_article(
      page_with(std::string("<article><p>") + kStory + "</p>" +
                "<div><h3>النشرة البريدية</h3><p>احصل على أهم الأخبار كل صباح</p>"
                "<p>أدخل بريدك الإلكتروني</p></div>" +
                "<p>" + kStory2 + "</p>" +
                "<p>اشترك في النشرة الإخبارية ليصلك كل جديد</p>"
                "<p>ليصلك كل جديد، اشترك في نشرتنا البريدية</p>"
                "<p>اشترك الآن</p>"
                "<div><h4>Newsletter</h4><p>The day's top stories, every morning.</p></div>"
                "<p>Subscribe to our newsletter for the latest news</p>"
                "<p>" +
                kStory3 + "</p></article>"));
  const std::vector<std::string> expected = {kStory, kStory2, kStory3};
  EXPECT_EQ(a.paragraphs, expected);
}

TEST(ArticleBody, StoryAboutANewsletterOrASubscriptionKeepsItsText) {
  // The same words in reporting: the past tense of "اشترك" reads like the
  // imperative, and a story may open with a bulletin's name. Sentences are
  // longer than prompts, and "subscribers" is not "subscribe".
  const std::vector<std::string> story = {
      "أطلقت الصحيفة أمس نشرة بريدية يومية جديدة تصل إلى المشتركين كل صباح، وتضم ملخصاً لأهم "
      "الأخبار المحلية والدولية، بحسب ما أعلنه رئيس التحرير في مؤتمر صحفي.",
      "اشترك في النشرة البريدية للصحيفة أكثر من خمسين ألف قارئ خلال أسبوعها الأول من الصدور، "
      "وفق أرقام نشرتها إدارة التسويق.",
      "النشرة الإخبارية المسائية على التلفزيون الرسمي خصصت نصف وقتها أمس لتغطية الانتخابات "
      "البلدية في المحافظات الجنوبية.",
      "ويبلغ سعر الاشتراك الشهري في النسخة الرقمية خمسة دولارات، فيما تبلغ قيمة الاشتراك السنوي "
      "خمسين دولاراً، مع خصم للطلاب.",
      "Newsletter subscriptions rose 40 percent last year as readers sought short summaries of "
      "the day's political news.",
      "Subscribers to the paper's digital edition will pay $5 a month from January."};
  std::string body = "<article>";
  for (const std::string& p : story) body += "<p>" + p + "</p>";
  const ExtractedArticle a = extract_article(page_with(body + "</article>"));
  EXPECT_EQ(a.paragraphs, story);
}

TEST(ArticleBody, ShortPhotoCreditLinesInsideTheStoryAreDropped) {
  const std::vector<std::string> kept = {
      kStory,
      "تصوير الفيلم الجديد يبدأ الشهر المقبل في القاهرة.",  // the word, then prose
      "الصورة الكاملة للأزمة لم تتضح بعد، بحسب مسؤولين في الوزارة.",
      "Picture-in-Picture",  // a name: an unspaced hyphen is no separator
      kStory2};
  const ExtractedArticle a = extract_article(page_with(
      "<article><p>" + kept[0] + "</p><p>تصوير: أحمد سمير</p><p>(الصورة: رويترز)</p>" +
      "<p><span>مصدر الصورة،</span> <span>Getty Images</span></p><p>عدسة - محمد علي</p>" +
      "<p>(الصورة من أرشيف الوزارة)</p><p>Photograph: Jane Doe/Reuters</p><p>" + kept[1] +
      "</p><p>" + kept[2] + "</p><h3>" + kept[3] + "</h3><p>" + kept[4] + "</p></article>"));
  EXPECT_EQ(a.paragraphs, kept);
}

TEST(ArticleBody, FontSizeControlsInsideTheStoryAreDropped) {
  // Unnamed controls go by their text ("A+ A-" folds to "a a"); named ones by
  // their class, whatever their buttons say.
  const ExtractedArticle a = extract_article(page_with(
      std::string("<article><p>") + kStory + "</p>" +
      "<div><a href=\"javascript:void(0)\">A+</a> <a href=\"javascript:void(0)\">A-</a></div>" +
      "<p>TT</p><p>A A</p><p>تكبير الخط</p><p>تصغير الخط</p>" +
      "<div class=\"font-size-controls\"><button>أكبر</button><button>أصغر</button></div>" +
      "<div class=\"text-resizer\"><span>حجم النص</span></div>" + "<p>" + kStory2 +
      "</p></article>"));
  const std::vector<std::string> expected = {kStory, kStory2};
  EXPECT_EQ(a.paragraphs, expected);
}

TEST(ArticleBody, MostCommentedBoxesInsideTheStoryAreDropped) {
  // Sites write the heading with or without tanween and hamza; the headlines
  // under it are plain text here, so only the heading can give the box away.
  for (const char* heading :
       {"الأكثر تعليقاً", "الأكثر تعليقًا", "الاكثر تعليقا", "Most commented", "Most read"}) {
    const ExtractedArticle a =
        extract_article(page_with(std::string("<article><p>") + kStory + "</p><div><h3>" + heading +
                                  "</h3><p>مدرب المنتخب يكشف خطته للمباراة المقبلة</p>"
                                  "<p>ارتفاع أسعار الذهب في السوق المحلية</p></div><p>" +
                                  kStory2 + "</p></article>"));
    const std::vector<std::string> expected = {kStory, kStory2};
    EXPECT_EQ(a.paragraphs, expected) << heading;
  }
}

TEST(ArticleBody, RepeatedParagraphsAreKeptAndEmptyBlocksDropped) {
  // What the page shows twice in a row (a refrain, equal table cells) is the
  // page's text; white-space-only blocks are nothing.
  const ExtractedArticle a = extract_article(
      page_with(std::string("<article><p>") + kStory + "</p><p>  " + kStory +
                "\n</p><p> &nbsp; </p><p></p><h2>عنوان فرعي</h2><p>" + kStory + "</p></article>"));
  const std::vector<std::string> expected = {kStory, kStory, "عنوان فرعي", kStory};
  EXPECT_EQ(a.paragraphs, expected);
  EXPECT_EQ(a.text(), std::string(kStory) + "\n" + kStory + "\nعنوان فرعي\n" + kStory);
}

TEST(ArticleBody, CommentPolicyBeforeTheCommentsBoxIsDropped) {
  const ExtractedArticle a = extract_article(page_with(
      "<div class=story><p>" + std::string(kStory) + "</p><p>" + kStory +
      "</p><div><p>ترحب الشبكة بالنقاش المفيد، وننصحك بمراجعة إرشادات التعليقات قبل النشر.</p>"
      "<p>الآراء الواردة أدناه لا تعبر عن رأي الموقع.</p></div>"
      "<div class=fb-comments data-num-posts=10> </div></div>"));
  EXPECT_EQ(a.paragraphs, (std::vector<std::string>{kStory, kStory}));
}

TEST(ArticleBody, NumberAndCodeLinesAreDroppedOutsideTables) {
  const ExtractedArticle a =
      extract_article(page_with("<div class=story><span class=read-time>2<sup>min</sup></span><p>" +
                                std::string(kStory) + "</p><p>" + kStory +
                                "</p><table><tr><td>الفريق</td><td>1</td><td>1</td></tr></table>"
                                "<div>17302</div></div>"));
  EXPECT_EQ(a.paragraphs, (std::vector<std::string>{kStory, kStory, "الفريق", "1", "1"}));
}

TEST(ArticleBody, ShortPageTextIsKeptWhenNoBlockIsLongEnoughToVote) {
  EXPECT_EQ(extract_article(page_with("<div>نص قصير</div>")).paragraphs,
            std::vector<std::string>{"نص قصير"});
  // Text inside javascript: pseudo-links is text, not a link.
  EXPECT_EQ(extract_article(page_with("<a href=\"javascript:\"><p>أ ب ج</p> د</a>")).paragraphs,
            (std::vector<std::string>{"أ ب ج", "د"}));
  // Also when long and written with character references (the prepass keeps
  // the start of link targets only).
  EXPECT_EQ(extract_article(page_with("<a href=\"  java&#115;cript:void(0); /* a long comment that "
                                      "runs on and on */\"><p>أ ب ج</p> د</a>"))
                .paragraphs,
            (std::vector<std::string>{"أ ب ج", "د"}));
}

TEST(ArticleBody, InPageLinksAreTextNotLinks) {
  // Headings that link back to a table of contents, and a paragraph that is
  // one in-page link: they lead nowhere else, so they are the page's text.
  const ExtractedArticle a = extract_article(page_with(
      "<div class=doc><h2><a href=\"#toc-1\">القسم الأول</a><a href=\"#s1\">¶</a></h2><p>" +
      std::string(kStory) + "</p><p><a href=\" #note-2\">" + kStory + "</a></p><p>" + kStory +
      " <a href=\"https://example.com/other\">رابط</a></p></div>"));
  EXPECT_EQ(a.paragraphs, (std::vector<std::string>{"القسم الأول¶", kStory, kStory,
                                                    std::string(kStory) + " رابط"}));
  // A link to another page is still a link: a box of them is not text.
  const ExtractedArticle b =
      extract_article(page_with("<div class=doc><p>" + std::string(kStory) +
                                "</p><p><a href=\"/other/story\">" + kStory + "</a></p></div>"));
  EXPECT_EQ(b.paragraphs, std::vector<std::string>{kStory});
}

TEST(ArticleBody, OutputIsNfc) {
  // U+0627 U+0653 (alef + madda above) composes to U+0622 (آ).
  const ExtractedArticle a = extract_article(
      page_with("<article><p>" + std::string(kStory) + " \xD8\xA7\xD9\x93خر</p></article>"));
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_TRUE(Contains(a.paragraphs[0], "\xD8\xA2خر"));
}

TEST(ArticleBody, JsonLdArticleBodyIsUsedWhenTheDomHasNoText) {
  const std::string json_ld = R"(<script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle",
     "headline": "البلدية تطلق خدمة النقل الليلي",
     "articleBody": "أطلقت البلدية خدمة جديدة للنقل الليلي تربط وسط المدينة بالأحياء الطرفية، وتعمل الحافلات من العاشرة مساء حتى الخامسة فجراً.\nوقالت البلدية إن الخدمة ستكون مجانية خلال الشهر الأول، على أن تحدد التعرفة لاحقاً بعد تقييم الإقبال، وإن عدد الخطوط سيزيد تدريجياً."}
    </script>)";
  const ExtractedArticle a =
      extract_article(page_with("<div id=app></div><noscript>فعّل جافاسكربت</noscript>", json_ld));
  const std::vector<std::string> expected = {
      "أطلقت البلدية خدمة جديدة للنقل الليلي تربط وسط المدينة بالأحياء الطرفية، وتعمل الحافلات "
      "من العاشرة مساء حتى الخامسة فجراً.",
      "وقالت البلدية إن الخدمة ستكون مجانية خلال الشهر الأول، على أن تحدد التعرفة لاحقاً بعد "
      "تقييم الإقبال، وإن عدد الخطوط سيزيد تدريجياً.",
  };
  EXPECT_EQ(a.paragraphs, expected);
  EXPECT_EQ(a.title, "البلدية تطلق خدمة النقل الليلي");
}

TEST(ArticleBody, BrokenJsonLdIsIgnored) {
  const ExtractedArticle a = extract_article(page_with(
      "<article><p>" + std::string(kStory) + "</p></article>",
      R"(<script type="application/ld+json">{"@type": "NewsArticle", "author": [[[[</script>)"));
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_EQ(a.author, "");
}

TEST(ArticleBody, PageWithoutArticleYieldsNoParagraphs) {
  const ExtractedArticle a = extract_article(
      page_with("<nav><a href=/a>الرئيسية</a> <a href=/b>سياسة</a></nav>"
                "<div class=grid><a href=/1>عنوان الخبر الأول في الصفحة الرئيسية للموقع</a>"
                "<a href=/2>عنوان الخبر الثاني في الصفحة الرئيسية للموقع</a></div>"
                "<footer>جميع الحقوق محفوظة</footer>"));
  EXPECT_TRUE(a.paragraphs.empty());
  EXPECT_EQ(a.text(), "");
  EXPECT_TRUE(extract_article("").paragraphs.empty());
}

// ---------------------------------------------------------------- hostile input

TEST(ArticleRobustness, DeeplyNestedElementsDoNotCrashOrStall) {
  constexpr int kDepth = 200000;
  std::string html = "<html><body>";
  html.reserve(kDepth * 12);
  for (int i = 0; i < kDepth; ++i) html += "<div>";
  for (int i = 0; i < kDepth; ++i) html += "<span>";
  html += "<p>" + std::string(kStory) + "</p>";
  for (int i = 0; i < kDepth; ++i) html += "</span></div>";
  const auto start = std::chrono::steady_clock::now();
  const ExtractedArticle a = extract_article(html);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 20.0);  // unbounded, gumbo needs minutes
  EXPECT_TRUE(Contains(a.text(), kStory));
}

TEST(ArticleRobustness, HugeAttributeAndUnterminatedMarkup) {
  std::string html = "<html><body><div data-blob=\"" + std::string(8 << 20, 'x') +
                     "\"><article><p>" + kStory + "</p></article></div>";
  EXPECT_EQ(extract_article(html).paragraphs, std::vector<std::string>{kStory});
  // Unterminated quote, script, style, svg and comment all run to the end.
  for (const char* tail : {"<div title=\"abc", "<script>var s = '<p>never</p>';",
                           "<STYLE>p{}</p>never", "<svg><text>never</text>", "<!-- never"}) {
    const ExtractedArticle a =
        extract_article("<article><p>" + std::string(kStory) + "</p></article>" + tail);
    EXPECT_EQ(a.paragraphs, std::vector<std::string>{kStory}) << tail;
  }
}

TEST(ArticleRobustness, ScriptsAreStrippedCaseInsensitively) {
  const ExtractedArticle a =
      extract_article(page_with("<article><p>" + std::string(kStory) +
                                "</p><ScRiPt type=text/javascript>document.write("
                                "'<p>never shown</p>')</sCrIpT ><p>" +
                                kStory + " وأكد الوزير ذلك.</p></article>"));
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_TRUE(Lacks(a.text(), "never"));
}

TEST(ArticleRobustness, InvalidUtf8YieldsValidUtf8) {
  std::string html = page_with("<article><h1>عنوان \xFF\xFE مكسور</h1><p>" + std::string(kStory) +
                                   " \xC3\x28 \xE2\x82 \xED\xA0\x80 \xF4\x90\x80\x80</p></article>",
                               "<meta name=author content=\"\xD8 كاتب\"><meta "
                               "property=\"og:site_name\" content=\"\xC0\xAF\">");
  html += "\xE2\x82";  // truncated sequence at the very end
  const ExtractedArticle a = extract_article(html);
  ASSERT_FALSE(a.paragraphs.empty());
  expect_valid_utf8(a);
  EXPECT_TRUE(Contains(a.paragraphs[0], "وقعت وزارة الزراعة"));
}

TEST(ArticleRobustness, FixturesYieldValidUtf8) {
  for (const char* name : {"article-economy.html", "article-sports.html", "article-culture.html",
                           "article-health.html", "article-levant-dates.html", "real-ar-youm7.html",
                           "real-ar-elbaladtv.html"}) {
    expect_valid_utf8(extract_fixture(name));
  }
}

// ---------------------------------------------------------------- real pages

// Copies of two hand-annotated pages from ../shared/corpus (see SOURCES.md):
// the headline and every gold paragraph are found, no listed boilerplate is.
class RealArabicPage : public ::testing::TestWithParam<const char*> {};

TEST_P(RealArabicPage, MatchesHandAnnotatedGold) {
  const std::string name = GetParam();
  const nlohmann::json gold = nlohmann::json::parse(read_fixture("pages/" + name + ".gold.json"));
  const ExtractedArticle a = extract_fixture(name + ".html", gold.at("url").get<std::string>());
  EXPECT_EQ(a.title, gold.at("title").get<std::string>());
  EXPECT_EQ(a.language, "ar");
  EXPECT_EQ(a.published_at.substr(0, 4), gold.at("published").get<std::string>().substr(0, 4));
  const std::string text = a.text();
  for (const auto& paragraph : gold.at("body")) {
    EXPECT_TRUE(Contains(text, paragraph.get<std::string>()));
  }
  for (const auto& noise : gold.at("must_not_contain")) {
    EXPECT_TRUE(Lacks(text, noise.get<std::string>()));
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, RealArabicPage,
                         ::testing::Values("real-ar-youm7", "real-ar-elbaladtv"));

}  // namespace
}  // namespace akhbar::parsers
