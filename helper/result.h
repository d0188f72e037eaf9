// SPDX-License-Identifier: GPL-2.0-or-later
// Errors are values: every fallible step returns an Error (or Expected<T>) whose message tells the
// user what happened and what to do, and whose code becomes the process exit status.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace aeadswap {

// Exit statuses, documented in --help and aeadswap(8).
enum class Exit : int {
    ok = 0,
    failure = 1,      // I/O or swapon failure, or several devices failed differently
    usage = 2,        // bad command line or bad kernel parameter
    refused = 3,      // the device holds something we must not overwrite, or policy refused
    unsupported = 4,  // the kernel lacks a module, cipher or device-mapper target
    dm = 5,           // a device-mapper operation failed
    no_device = 6,    // the device did not appear within the timeout
    // status --check: the health of what runs.
    not_active = 7,   // an aeadswap= entry of this boot has no active swap
    aead_errors = 8,  // dm-crypt logged AEAD errors since boot
    degraded = 9,     // a mirror runs without one of its legs
};

struct Error {
    Exit code = Exit::failure;
    std::string message;
};

// A success or an Error, for steps with nothing to return.
class Status {
public:
    Status() = default;
    Status(Error e) : error_(std::move(e)), failed_(true) {}  // NOLINT: implicit on purpose
    explicit operator bool() const { return !failed_; }
    const Error& error() const { return error_; }

private:
    Error error_;
    bool failed_ = false;
};

template <class T>
class Expected {
public:
    Expected(T v) : v_(std::move(v)) {}      // NOLINT: implicit on purpose
    Expected(Error e) : v_(std::move(e)) {}  // NOLINT
    explicit operator bool() const { return v_.index() == 0; }
    T& operator*() { return std::get<0>(v_); }
    const T& operator*() const { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

inline Error fail(Exit code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace aeadswap
