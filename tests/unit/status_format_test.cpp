// SPDX-License-Identifier: GPL-2.0-or-later
// status's three forms of one report, whole, and the health verdict --check exits with.
#include "status_format.h"

#include <gtest/gtest.h>

using namespace aeadswap;

namespace {

DeviceStatus single() {
    DeviceStatus d;
    d.name = "aeadswap0";
    d.node = "/dev/dm-1";
    d.backing = "/dev/vdb";
    d.cipher = "capi:aegis128-random";
    d.mode = "D (no journal)";
    d.key_in_keyring = true;
    d.size_bytes = 1065353216;
    d.tag_bytes = 32;
    d.sector_size = 4096;
    d.swap_active = true;
    d.swap_priority = 5;
    d.swap_used_bytes = 4096 * 3;
    d.workqueues = false;
    return d;
}

DeviceStatus degraded_mirror() {
    DeviceStatus d = single();
    d.name = "aeadswap1";
    d.node = "/dev/dm-6";
    d.backing = "/dev/vdc";
    d.legs = {{"aeadswap1_leg0", "/dev/vdc", "in_use", 2, 1}, {"aeadswap1_leg1", "", "missing", 0, 0}};
    d.aead_errors = 2;
    return d;
}

}  // namespace

TEST(StatusFormat, HealthIsTheFirstThatHolds) {
    EXPECT_EQ(status_health({{single()}, {}}), Exit::ok);
    EXPECT_EQ(status_health({{single(), degraded_mirror()}, {}}), Exit::aead_errors);
    auto m = degraded_mirror();
    m.aead_errors = 0;
    EXPECT_EQ(status_health({{single(), m}, {}}), Exit::degraded);
    EXPECT_EQ(status_health({{single(), m}, {"aeadswap2"}}), Exit::not_active);
    auto off = single();
    off.swap_active = false;
    EXPECT_EQ(status_health({{off}, {}}), Exit::not_active);
}

TEST(StatusFormat, JsonIsOneObjectWithASchema) {
    EXPECT_EQ(format_status_json({{single()}, {"aeadswap2"}}),
              "{\"schema\":1,\"devices\":[{\"name\":\"aeadswap0\",\"device\":\"/dev/dm-1\",\"backing\":\"/dev/vdb\","
              "\"size_bytes\":1065353216,\"cipher\":\"capi:aegis128-random\",\"tag_bytes\":32,\"sector_size\":4096,"
              "\"integrity_mode\":\"D\",\"tags\":\"disk\",\"tag_device\":null,\"tag_ram_bytes\":0,"
              "\"crypt_workqueues\":false,\"key_storage\":\"keyring\",\"swap_active\":true,\"swap_priority\":5,"
              "\"swap_used_bytes\":12288,\"aead_errors\":0,\"layout\":\"single\",\"degraded\":false,\"legs\":[]}],"
              "\"not_active\":[\"aeadswap2\"],\"health\":\"not_active\",\"check_exit_status\":7}\n");
    auto mirror = format_status_json({{degraded_mirror()}, {}});
    EXPECT_NE(mirror.find("\"layout\":\"mirror\",\"degraded\":true,\"legs\":[{\"name\":\"aeadswap1_leg0\","
                          "\"backing\":\"/dev/vdc\",\"state\":\"in_use\",\"aead_errors\":2,\"repaired_reads\":1},"
                          "{\"name\":\"aeadswap1_leg1\",\"backing\":\"\",\"state\":\"missing\",\"aead_errors\":0,"
                          "\"repaired_reads\":0}]"),
              std::string::npos)
        << mirror;
    EXPECT_EQ(format_status_json_error({Exit::dm, "device-mapper: \"list\" failed\n"}),
              "{\"schema\":1,\"error\":\"device-mapper: \\\"list\\\" failed\\u000a\",\"exit_status\":5}\n");
}

TEST(StatusFormat, PrometheusSeriesPerDeviceAndLeg) {
    auto text = format_status_prometheus({{single(), degraded_mirror()}, {"aeadswap2"}});
    for (const char* line : {"# TYPE aeadswap_swap_active gauge\n", "aeadswap_swap_active{name=\"aeadswap0\"} 1\n",
                             "aeadswap_swap_active{name=\"aeadswap2\"} 0\n",
                             "# TYPE aeadswap_aead_errors_total counter\n",
                             "aeadswap_aead_errors_total{name=\"aeadswap1\"} 2\n",
                             "aeadswap_swap_used_bytes{name=\"aeadswap0\"} 12288\n",
                             "aeadswap_mirror_legs{name=\"aeadswap1\"} 2\n",
                             "aeadswap_mirror_legs_in_use{name=\"aeadswap1\"} 1\n",
                             "aeadswap_leg_repaired_reads_total{name=\"aeadswap1\",leg=\"aeadswap1_leg0\"} 1\n"})
        EXPECT_NE(text.find(line), std::string::npos) << line << text;
}
