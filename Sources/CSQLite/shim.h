// SQLite from Debian's libsqlite3-dev, seen from Swift.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro that Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_db_config is variadic, which Swift cannot call. PrecisCache keeps the WAL on close
// (no checkpoint, hence no fsync, at the end of every short CLI run).
static inline int csqlite_no_checkpoint_on_close(sqlite3 *db) {
  return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

// Starts writing the file's dirty pages to disk without waiting for them (Linux's
// sync_file_range with SYNC_FILE_RANGE_WRITE; declared here because Swift's Glibc module is
// built without _GNU_SOURCE). A batch calls it on the write-ahead log after each of its
// transactions, so the fdatasync that starts the log's final copy into the database has
// little left to wait for (5-6 ms before, under 1 ms after, for a 7 MB log). Returns 0 where
// there is no such call.
#ifdef __linux__
#include <sys/types.h>  // defines __GLIBC__ under glibc, and __off64_t
#endif
#if defined(__linux__) && defined(__GLIBC__)
// glibc's declaration, word for word, so that it agrees with <fcntl.h> under _GNU_SOURCE.
extern int sync_file_range(int __fd, __off64_t __offset, __off64_t __count, unsigned int __flags);
static inline int csqlite_start_writeback(int fd) { return sync_file_range(fd, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */); }
#else
static inline int csqlite_start_writeback(int fd) { (void)fd; return 0; }
#endif
