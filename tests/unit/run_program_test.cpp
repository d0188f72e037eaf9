// SPDX-License-Identifier: GPL-2.0-or-later
#include "run_program.h"

#include <gtest/gtest.h>

using namespace aeadswap;

TEST(RunProgram, ExitStatusAndOutput) {
    std::string out;
    EXPECT_EQ(run_program({"sh", "-c", "echo stopping; echo more; exit 3"}, &out), 3);
    EXPECT_EQ(out, "stopping\nmore\n");
    EXPECT_EQ(run_program({"true"}), 0);
    EXPECT_EQ(run_program({"/nonexistent/program"}), 127);
}
