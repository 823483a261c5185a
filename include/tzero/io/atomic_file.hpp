/// @file tzero/io/atomic_file.hpp
/// Whole files in and out: `write_atomically` (a crash leaves the old file or the new one, never
/// a torn one; a planted temporary name is never followed; permissions are kept) and `read_file`
/// (refusing a file larger than any the caller expects).
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tzero/io/error.hpp>

namespace tzero::detail::checkpoint {

/// The file a save to `path` replaces: `path`, or when `path` is a symbolic link the file it leads
/// to (the link stays, as editors save through one); a link that leads nowhere is refused.
inline std::string save_target(std::filesystem::path const& path) {
    struct ::stat link {};
    if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return path.native();
    char* const resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved) fail(cat({"cannot follow the symbolic link ", path.native(), ": ", std::strerror(errno)}));
    std::string target(resolved);
    std::free(resolved);
    return target;
}

/// The permissions of a new file: 0666 less the process's umask, read without changing it
/// (`umask()` would, for every thread); 0644 where the kernel does not report it.
inline ::mode_t new_file_mode() {
    ::mode_t mask = 022;
    if (FILE* status = std::fopen("/proc/self/status", "re")) {
        char line[256];
        while (std::fgets(line, sizeof line, status))
            if (std::strncmp(line, "Umask:", 6) == 0) mask = ::mode_t(std::strtoul(line + 6, nullptr, 8));
        std::fclose(status);
    }
    return 0666 & ~mask;
}

/// Writes `bytes` to `path` (through a symbolic link: `save_target`) via a temporary file beside
/// it, flushed, then renamed over it (atomic on POSIX), then flushes the directory. The temporary
/// file has an unpredictable name and is created exclusively (`mkostemp`: a name planted in the
/// directory, a symbolic link included, is never opened); it takes the replaced file's permissions,
/// or a new file's.
[[gnu::noinline]] inline void write_atomically(std::filesystem::path const& path, std::string_view bytes) {
    // Plain strings, not `path` operations: on POSIX a path is its `native()` string, and path's
    // conversion templates would cost every translation unit compile time.
    std::string const target = save_target(path);
    std::string temporary = target + ".tmp-XXXXXX";
    int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0) fail(cat({"cannot create a temporary file beside ", target, ": ", std::strerror(errno)}));
    auto const system_error = [&](char const* what) {
        std::string message = cat({what, " ", temporary, ": ", std::strerror(errno)});
        ::unlink(temporary.c_str());
        fail(message);
    };
    struct ::stat replaced {};
    ::mode_t const mode = ::stat(target.c_str(), &replaced) == 0 ? replaced.st_mode & 07777 : new_file_mode();
    if (::fchmod(fd, mode) != 0) {
        ::close(fd);
        system_error("cannot set the permissions of");
    }
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
    if (::rename(temporary.c_str(), target.c_str()) != 0) system_error("cannot rename");
    // The rename itself reaches the disk when the directory does.
    std::string const parent = std::filesystem::path(target).parent_path().native();
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
