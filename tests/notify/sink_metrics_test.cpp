#include <gtest/gtest.h>

#include "daemon/metrics.h"

namespace akhbar::daemon {
namespace {

TEST(SinkMetrics, CursorBacklogAndDeadLettersPerSink) {
  MetricsSnapshot snapshot;
  snapshot.store.last_event_id = 40;
  snapshot.sinks = {{"hook", 25, 3}, {"say \"hi\"", 40, 0}};
  const std::string text = render_prometheus(snapshot);
  for (const char* line :
       {"# TYPE akhbar_sink_cursor gauge\n", "akhbar_sink_cursor{sink=\"hook\"} 25\n",
        "akhbar_sink_backlog{sink=\"hook\"} 15\n",
        "akhbar_sink_backlog{sink=\"say \\\"hi\\\"\"} 0\n",
        "akhbar_sink_dead_letters{sink=\"hook\"} 3\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  snapshot.sinks.clear();
  EXPECT_EQ(render_prometheus(snapshot).find("akhbar_sink_"), std::string::npos);
  snapshot.sinks = {{"hook", 25, 3}};
  snapshot.store_ok = false;
  EXPECT_EQ(render_prometheus(snapshot).find("akhbar_sink_"), std::string::npos);
}

}  // namespace
}  // namespace akhbar::daemon
