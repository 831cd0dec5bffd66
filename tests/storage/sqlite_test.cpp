// Statement(Database&, sql): statements borrowed from the connection's cache.
#include "storage/sqlite.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "tests/test_support.h"

namespace akhbar::storage {
namespace {

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.file("cache.db"));
    ASSERT_TRUE(opened) << opened.error();
    db_ = std::move(*opened);
    ASSERT_TRUE(
        exec(db_->handle(), "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);").ok());
  }
  akhbar::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(StatementCacheTest, TheSameSqlIsCompiledOnceAndHandedBackReset) {
  {
    Statement q(*db_, "SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(q.valid());
    ASSERT_TRUE(*q.step());
    EXPECT_EQ(q.column_int(0), 1);
    ASSERT_NE(sqlite3_next_stmt(db_->handle(), nullptr), nullptr);
    EXPECT_NE(sqlite3_stmt_busy(sqlite3_next_stmt(db_->handle(), nullptr)), 0);
    // Left mid-result: the destructor must reset it.
  }
  // Still compiled (cached), and no statement is left holding a read.
  int statements = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_->handle(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(db_->handle(), s)) {
    ++statements;
    EXPECT_EQ(sqlite3_stmt_busy(s), 0);
  }
  EXPECT_GE(statements, 1);
  Statement again(*db_, "SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(*again.step());
  EXPECT_EQ(again.column_int(0), 1);  // from the start, not where the first stopped
}

TEST_F(StatementCacheTest, ASecondUserOfTheSameSqlGetsItsOwnStatement) {
  Statement outer(*db_, "SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(*outer.step());
  {
    Statement inner(*db_, "SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(inner.valid());
    ASSERT_TRUE(*inner.step());
    EXPECT_EQ(inner.column_int(0), 1);
  }
  // The outer statement was not disturbed by the inner one.
  ASSERT_TRUE(*outer.step());
  EXPECT_EQ(outer.column_int(0), 2);
}

TEST_F(StatementCacheTest, BadSqlIsAnErrorValueEveryTime) {
  for (int i = 0; i < 2; ++i) {
    Statement bad(*db_, "SELEKT nothing");
    EXPECT_FALSE(bad.valid());
    auto row = bad.step();
    ASSERT_FALSE(row);
    EXPECT_NE(row.error().find("syntax error"), std::string::npos) << row.error();
  }
}

}  // namespace
}  // namespace akhbar::storage
