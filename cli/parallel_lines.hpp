// Evaluating one input of JSON lines on several threads: the calling thread
// reads it in chunks of whole lines, each worker evaluates chunks with its
// own evaluator, and the results come back in input order. Used by hunt.cpp.
#pragma once

#include "carl/carl.hpp"
#include "carl/json_lines.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace carl::cli {

// Whole lines of one chunk: base[begin, end), followed by at least the
// JSON decoder's padding where the input has it, so that the decoder parses
// them in place. Both a stream's chunk and a file's are read into `text`.
struct chunk_text {
    std::vector<char> text; // reused from chunk to chunk
    const char* base = nullptr;
    std::size_t readable = 0; // bytes from base that may be read
    std::size_t begin = 0;
    std::size_t end = 0;
    // Its line breaks, from the chunk's share to `end`, and each line's
    // marks for the prefilter: the lines are cut at the breaks, and those
    // in the share number the next chunk.
    json_lines lines;
    std::uint64_t newlines = 0; // in the chunk's share of the input
    bool skipped = false; // began inside a line, which the chunk before ends
};

// Reads an input ("-" is stdin) in chunks of whole lines. A regular file is
// cut at fixed offsets and each worker reads its own chunk (read_chunk), so
// reading runs in parallel too; a stream is read in order (next).
class chunk_reader {
public:
    explicit chunk_reader(const std::string& path);
    ~chunk_reader();
    chunk_reader(const chunk_reader&) = delete;
    chunk_reader& operator=(const chunk_reader&) = delete;

    // Set once the reading is over; thread-safe then.
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

    // For a regular file, how many chunks it has; read_chunk reads one,
    // the lines that start in its share. Thread-safe; false with `error`
    // set when the file cannot be read, or shrank while it was.
    bool seekable() const { return m_seekable; }
    std::uint64_t chunk_count() const;
    bool read_chunk(std::uint64_t index, chunk_text& out,
                    std::string& error) const;

    // For a stream: the next whole lines (the last may lack its break),
    // counted. False at the end or on an error. Not thread-safe.
    bool next(chunk_text& out);

    void fail(const std::string& error) { m_error = error; }

    // Whether each chunk's scan looks for event id keys too
    // (program_set::wants_line_keys). Set before reading.
    void set_line_keys(bool keys) { m_line_keys = keys; }
    bool line_keys() const { return m_line_keys; }

private:
    std::string m_path;
    std::FILE* m_file = nullptr;
    bool m_owned = false;
    bool m_eof = false;
    bool m_seekable = false;
    std::uint64_t m_size = 0; // of a regular file
    std::string m_error;
    std::vector<char> m_carry; // a partial line read past the last chunk
    bool m_line_keys = true;
};

// Calls `line(eval, result, text, readable, number, marks)` for every line of a
// chunk, where `readable` counts the bytes from the line's start that may be
// read; blank lines included, line breaks and a '\r' before them removed.
template <class Result>
using line_handler =
    std::function<void(evaluator&, Result&, std::string_view, std::size_t,
                       std::uint64_t, const line_marks&)>;

// Runs `line` over every line of `reader` on `threads` workers, each chunk
// into a fresh Result, then passes the Results to `done` on the calling
// thread in input order. Memory stays within a few chunks per thread.
template <class Result>
void for_each_line(chunk_reader& reader, unsigned threads,
                   const std::shared_ptr<const program_set>& programs,
                   const line_handler<Result>& line,
                   const std::function<void(Result&)>& done);

// Where the chunks of for_each_line wait; one slot per chunk in flight.
template <class Result> struct chunk_slot {
    chunk_text chunk;
    std::uint64_t index = 0;      // in the input
    std::uint64_t first_line = 0; // once every chunk before is counted
    std::string error;            // a read error
    bool counted = false;
    bool numbered = false;
    Result result;
    bool finished = false;
};

template <class Result>
void evaluate_chunk(evaluator& eval, chunk_slot<Result>& slot,
                    const line_handler<Result>& line) {
    chunk_text& chunk = slot.chunk;
    const char* base = chunk.base;
    std::uint64_t number = slot.first_line;
    std::size_t at = chunk.begin;
    const std::vector<std::uint32_t>& breaks = chunk.lines.breaks();
    auto next_break =
        std::lower_bound(breaks.begin(), breaks.end(), std::uint32_t(at));
    while (at < chunk.end) {
        const std::size_t stop =
            next_break != breaks.end() ? *next_break++ : chunk.end;
        std::string_view text(base + at, stop - at);
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        line(eval, slot.result, text, chunk.readable - at, number++,
             chunk.lines.marks_of(at, stop));
        at = stop + 1;
    }
}

template <class Result>
void for_each_line(chunk_reader& reader, unsigned threads,
                   const std::shared_ptr<const program_set>& programs,
                   const line_handler<Result>& line,
                   const std::function<void(Result&)>& done) {
    // Two chunks a worker keeps it busy; at most 32 (64 MiB) keeps memory
    // bounded on a machine of many cores.
    std::vector<chunk_slot<Result>> slots(std::min(2 * threads + 2, 32u));
    std::mutex mutex;
    std::condition_variable filled, finished;
    std::condition_variable numbered;
    std::uint64_t next_fill = 0, next_take = 0, next_done = 0;
    bool at_end = false;

    // Workers read (a file) and count their chunk first, so that the chunk
    // after learns its first line number almost at once.
    std::uint64_t next_number = 0; // the first chunk not yet numbered
    std::uint64_t breaks = 0;      // line breaks before it
    auto number_chunks = [&] {
        for (; next_number < next_fill; ++next_number) {
            chunk_slot<Result>& slot = slots[next_number % slots.size()];
            if (!slot.counted)
                break;
            slot.first_line = breaks + 1 + slot.chunk.skipped;
            slot.numbered = true;
            breaks += slot.chunk.newlines;
        }
        numbered.notify_all();
    };
    auto prepare = [&](chunk_slot<Result>& slot) {
        if (reader.seekable()) {
            reader.read_chunk(slot.index, slot.chunk, slot.error);
            return;
        }
        slot.chunk.lines.scan(slot.chunk.base, 0, slot.chunk.end,
                              reader.line_keys());
        slot.chunk.newlines = slot.chunk.lines.breaks().size();
    };

    auto work = [&] {
        evaluator eval(programs);
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            filled.wait(lock, [&] { return next_take < next_fill || at_end; });
            if (next_take == next_fill)
                return;
            chunk_slot<Result>& slot = slots[next_take++ % slots.size()];
            lock.unlock();
            prepare(slot);
            lock.lock();
            slot.counted = true;
            number_chunks();
            numbered.wait(lock, [&] { return slot.numbered; });
            lock.unlock();
            evaluate_chunk(eval, slot, line);
            lock.lock();
            slot.finished = true;
            finished.notify_one();
        }
    };
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads; ++i)
        workers.emplace_back(work);

    // Read while a slot is free, hand finished chunks over in order.
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
        chunk_slot<Result>& oldest = slots[next_done % slots.size()];
        if (next_done < next_fill && oldest.finished) {
            lock.unlock();
            if (!oldest.error.empty())
                reader.fail(oldest.error);
            done(oldest.result);
            lock.lock();
            ++next_done;
            continue;
        }
        if (at_end && next_done == next_fill)
            break;
        if (!at_end && next_fill - next_done < slots.size()) {
            chunk_slot<Result>& slot = slots[next_fill % slots.size()];
            lock.unlock();
            slot.index = next_fill;
            const bool got = reader.seekable()
                                 ? next_fill < reader.chunk_count()
                                 : reader.next(slot.chunk);
            slot.result = Result{};
            slot.error.clear();
            slot.counted = slot.numbered = slot.finished = false;
            lock.lock();
            next_fill += got;
            at_end = !got;
            filled.notify_all();
            continue;
        }
        finished.wait(lock);
    }
    lock.unlock();
    for (std::thread& worker : workers)
        worker.join();
}

} // namespace carl::cli
