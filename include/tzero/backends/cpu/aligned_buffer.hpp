/// @file tzero/backends/cpu/aligned_buffer.hpp
/// A zero-initialized, cache-line aligned array: the storage of optimizer state on the CPU.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace tzero::cpu {

template <class T>
class aligned_buffer {
  public:
    static constexpr std::size_t alignment = 64;

    aligned_buffer() = default;
    explicit aligned_buffer(std::size_t n) : size_(n) {
        if (n == 0) return;
        std::size_t bytes = (n * sizeof(T) + alignment - 1) / alignment * alignment;
        data_ = static_cast<T*>(std::aligned_alloc(alignment, bytes));
        if (!data_) throw std::bad_alloc();
        std::memset(data_, 0, bytes);
    }
    aligned_buffer(aligned_buffer const& o) : aligned_buffer(o.size_) {
        if (size_) std::memcpy(data_, o.data_, size_ * sizeof(T));
    }
    aligned_buffer(aligned_buffer&& o) noexcept
        : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    aligned_buffer& operator=(aligned_buffer o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        return *this;
    }
    ~aligned_buffer() { std::free(data_); }

    T* data() { return data_; }
    T const* data() const { return data_; }
    std::size_t size() const { return size_; }

  private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace tzero::cpu
