// Evaluating one input of JSON lines on several threads: the calling thread
// reads it in chunks of whole lines, each worker evaluates chunks with its
// own evaluator, and the results come back in input order. Used by hunt.cpp.
#pragma once

#include "carl/carl.hpp"

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

// Reads an input ("-" is stdin) in chunks that end at a line break, with
// slack after each so that the JSON decoder parses lines in place.
class chunk_reader {
public:
    explicit chunk_reader(const std::string& path);
    ~chunk_reader();
    chunk_reader(const chunk_reader&) = delete;
    chunk_reader& operator=(const chunk_reader&) = delete;

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

    // Fills `text` with the next whole lines (the input's last line may
    // lack its break), followed by zeroed slack; `size` excludes the slack.
    // `lines` is how many lines it holds. False at the end or on an error.
    bool next(std::vector<char>& text, std::size_t& size, std::uint64_t& lines);

private:
    std::FILE* m_file = nullptr;
    bool m_owned = false;
    bool m_eof = false;
    std::string m_error;
    std::vector<char> m_carry; // a partial line read past the last chunk
};

// Calls `line(eval, result, text, readable, number)` for every line of a
// chunk, where `readable` counts the bytes from the line's start that may be
// read; blank lines included, line breaks and a '\r' before them removed.
template <class Result>
using line_handler = std::function<void(evaluator&, Result&, std::string_view,
                                        std::size_t, std::uint64_t)>;

// Runs `line` over every line of `reader` on `threads` workers, each chunk
// into a fresh Result, then passes the Results to `done` on the calling
// thread in input order. Memory stays within a few chunks per thread.
template <class Result>
void for_each_line(chunk_reader& reader, unsigned threads,
                   const std::shared_ptr<const program_set>& programs,
                   const line_handler<Result>& line,
                   const std::function<void(Result&)>& done);

// Where the chunks of for_each_line wait; one slot per chunk in flight.
template <class Result>
struct chunk_slot {
    std::vector<char> text;
    std::size_t size = 0;
    std::uint64_t first_line = 0;
    Result result;
    bool finished = false;
};

template <class Result>
void evaluate_chunk(evaluator& eval, chunk_slot<Result>& slot,
                    const line_handler<Result>& line) {
    const char* begin = slot.text.data();
    const char* end = begin + slot.size;
    const std::size_t capacity = slot.text.size();
    std::uint64_t number = slot.first_line;
    for (const char* p = begin; p < end; ++number) {
        const char* stop = static_cast<const char*>(
            std::memchr(p, '\n', std::size_t(end - p)));
        if (!stop)
            stop = end;
        std::string_view text(p, std::size_t(stop - p));
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        line(eval, slot.result, text, capacity - std::size_t(p - begin),
             number);
        p = stop + 1;
    }
}

template <class Result>
void for_each_line(chunk_reader& reader, unsigned threads,
                   const std::shared_ptr<const program_set>& programs,
                   const line_handler<Result>& line,
                   const std::function<void(Result&)>& done) {
    std::vector<chunk_slot<Result>> slots(2 * threads + 2);
    std::mutex mutex;
    std::condition_variable filled, finished;
    std::uint64_t next_fill = 0, next_take = 0, next_done = 0;
    bool at_end = false;

    auto work = [&] {
        evaluator eval(programs);
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            filled.wait(lock, [&] { return next_take < next_fill || at_end; });
            if (next_take == next_fill)
                return;
            chunk_slot<Result>& slot = slots[next_take++ % slots.size()];
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
    std::uint64_t lines_before = 0;
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
        chunk_slot<Result>& oldest = slots[next_done % slots.size()];
        if (next_done < next_fill && oldest.finished) {
            lock.unlock();
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
            std::uint64_t lines = 0;
            const bool got = reader.next(slot.text, slot.size, lines);
            slot.first_line = lines_before + 1;
            slot.result = Result{};
            slot.finished = false;
            lines_before += lines;
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
