// SPDX-License-Identifier: GPL-2.0-or-later
// Messages: every line starts with "aeadswap:". In early boot (the initramfs, or when asked) they go
// to the kernel log with a syslog level, beside the kernel's own; under a systemd unit to the
// journal, with the level as a "<N>" prefix and without the program's name, which the journal adds.
#pragma once

#include <string>

namespace aeadswap {

enum class Level { err = 3, warning = 4, notice = 5, info = 6, debug = 7 };

enum class LogTarget { automatic, stderr_only, kmsg };

void log_init(LogTarget target, bool verbose);
void log(Level level, const std::string& message);

inline void log_error(const std::string& m) { log(Level::err, m); }
inline void log_warning(const std::string& m) { log(Level::warning, m); }
inline void log_info(const std::string& m) { log(Level::info, m); }
inline void log_debug(const std::string& m) { log(Level::debug, m); }

}  // namespace aeadswap
