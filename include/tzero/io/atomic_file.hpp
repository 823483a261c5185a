/// @file tzero/io/atomic_file.hpp
/// Whole files in and out: `write_atomically` (a crash leaves the old file or the new one, never
/// a torn one) and `read_file` (refusing a file larger than any the caller expects).
#pragma once
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <tzero/io/error.hpp>

namespace tzero::detail::checkpoint {

/// Writes `bytes` to `path` through a temporary file beside it, flushed, then renamed over it
/// (atomic on POSIX), then flushes the directory.
[[gnu::noinline]] inline void write_atomically(std::filesystem::path const& path, std::string_view bytes) {
    // Plain strings, not `path` operations: on POSIX a path is its `native()` string, and path's
    // conversion templates would cost every translation unit compile time.
    static std::atomic<unsigned> counter{0};
    std::string const temporary = cat({path.native(), ".tmp-", ::getpid(), "-", counter++});
    auto const system_error = [&](char const* what) {
        std::string message = cat({what, " ", temporary, ": ", std::strerror(errno)});
        ::unlink(temporary.c_str());
        fail(message);
    };
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(cat({"cannot create ", temporary, ": ", std::strerror(errno)}));
    for (std::size_t done = 0; done < bytes.size();) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            system_error("cannot write");
        }
        done += std::size_t(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        system_error("cannot flush");
    }
    if (::close(fd) != 0) system_error("cannot close");
    if (::rename(temporary.c_str(), path.c_str()) != 0) system_error("cannot rename");
    // The rename itself reaches the disk when the directory does.
    std::filesystem::path const parent = path.parent_path();
    if (int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

/// The bytes of the file at `path`, which must be at most `limit` bytes long (a hostile file's
/// gigabytes are not read).
[[gnu::noinline]] inline std::string read_file(std::filesystem::path const& path, std::uintmax_t limit) {
    std::error_code ec;
    auto const size = std::filesystem::file_size(path, ec);
    if (ec) fail(cat({"cannot read ", path.native(), ": ", ec.message()}));
    if (size > limit) fail(cat({path.native(), " is ", size, " bytes, more than any checkpoint of this optimizer"}));
    std::string bytes(size, '\0');
    int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    std::size_t done = 0;
    while (fd >= 0 && done < bytes.size()) {
        ssize_t const n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += std::size_t(n);
    }
    if (fd >= 0) ::close(fd);
    if (fd < 0 || done != bytes.size()) fail(cat({"cannot read ", path.native()}));
    return bytes;
}

/// Rethrows `e`, naming the file: "... [path]".
[[noreturn, gnu::noinline]] inline void add_path(error const& e, std::filesystem::path const& path) {
    throw error(cat({e.what(), " [", path.native(), "]"}));
}

}  // namespace tzero::detail::checkpoint
