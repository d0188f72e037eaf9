// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line wiring only: each subcommand hands over to the module that does the work.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "boot_cmdline.h"
#include "cmdline.h"
#include "devmapper.h"
#include "enable.h"
#include "generator.h"
#include "hook_plans.h"
#include "key.h"
#include "log.h"
#include "setup.h"
#include "status.h"

using namespace aeadswap;

namespace {

constexpr const char* kExitCodes = R"(Exit status:
  0  success (or nothing configured, or aeadswap=off)
  1  I/O or swapon failure, or devices failed in different ways
  2  bad usage or a bad aeadswap= parameter
  3  refused: the device holds data, is in use, or policy said no
  4  the kernel lacks a module, the cipher or a device-mapper target
  5  a device-mapper operation failed
  6  the device did not appear within its timeout
status --check, the first that holds:
  7  an aeadswap= entry of this boot has no active swap
  8  AEAD errors were logged since boot
  9  a mirror runs without one of its legs)";

std::string spec_help() {
    return "SPEC is the value of a kernel parameter aeadswap=<device>[,<option>...]:\n"
           "  device                 /dev/... (by-id, by-path, by-partuuid, by-partlabel), PARTUUID=, PARTLABEL=\n" +
           spec_options_help() + "See aeadswap(8).";
}

// The command line from FILE, or the boot's (boot_cmdline.h) when FILE is empty.
Expected<std::string> load_cmdline(const std::string& cmdline_file) {
    return cmdline_file.empty() ? read_boot_cmdline() : read_cmdline_file(cmdline_file);
}

Expected<CmdlineConfig> load_config(const std::string& cmdline_file, const std::vector<std::string>& specs) {
    if (!specs.empty()) return parse_values(specs);
    auto line = load_cmdline(cmdline_file);
    if (!line) return line.error();
    return parse_cmdline(*line);
}

LogTarget log_target(const std::string& s) {
    if (s == "stderr") return LogTarget::stderr_only;
    if (s == "kmsg") return LogTarget::kmsg;
    return LogTarget::automatic;
}

}  // namespace

// Installed as a systemd generator by symlink: systemd calls it with its output directories.
int generator_main(int argc, char** argv) {
    log_init(LogTarget::kmsg, false);
    auto cfg = load_config("", {});
    if (argc < 2 || !cfg) return 0;  // a generator never fails the boot
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    run_generator(argv[1], *cfg, ec ? "/usr/sbin/aeadswap" : self.string(), current_stage());
    return 0;
}

int main(int argc, char** argv) {
    forbid_core_dumps();
    if (std::filesystem::path(argv[0]).filename() == "aeadswap-generator") return generator_main(argc, argv);
    CLI::App app{"aeadswap: authenticated, encrypted swap with a new key at every boot\n"
                 "(dm-integrity + dm-crypt AEAD, set up from the kernel command line)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "aeadswap " AEADSWAP_VERSION);
    app.footer(kExitCodes);
    bool verbose = false;
    const char* env_log = std::getenv("AEADSWAP_LOG");
    std::string log_to = env_log ? env_log : "auto";
    app.add_flag("-v,--verbose", verbose, "Also print debug messages");
    app.add_option("--log", log_to, "Where messages go: auto (kernel log in early boot), stderr, kmsg")
        ->check(CLI::IsMember({"auto", "stderr", "kmsg"}));

    std::string cmdline_file;  // empty: the boot's command line (boot_cmdline.h)
    std::vector<std::string> specs, names;
    bool dry_run = false, json = false, no_wait = false, plan_json = false;
    std::string sysroot;

    auto* start = app.add_subcommand("start", "Set up every configured device and turn swap on");
    start->add_option("--cmdline", cmdline_file, "Read parameters from FILE instead of the kernel command line")->type_name("FILE");
    auto* dry = start->add_flag("--dry-run", dry_run, "Check and print the plan (every write, table and setting); "
                                                      "touch nothing");
    start->add_flag("--json", plan_json, "With --dry-run: the plans as JSON (schema 1, see aeadswap(8))")->needs(dry);
    start->add_flag("--no-wait", no_wait, "Do not wait for devices (the initramfs already did)");
    start->add_option("--sysroot", sysroot, "Turn swap on through DIR/dev, a devtmpfs mounted there, so that it "
                                            "keeps its /dev path after systemd's switch-root into DIR "
                                            "(the generated units use it)")
        ->type_name("DIR");
    start->add_option("SPEC", specs, "Devices to set up, instead of the kernel command line");
    start->footer(spec_help());

    auto* check = app.add_subcommand("check", "Preflight (modules, cipher, targets, device contents) and the plan, "
                                              "printed as --dry-run prints it; changes nothing on disk. The exit status "
                                              "is the verdict");
    check->add_option("--cmdline", cmdline_file, "Read parameters from FILE instead of the kernel command line")->type_name("FILE");
    check->add_flag("--json", plan_json, "The plans as JSON (schema 1, see aeadswap(8)) instead of as text");
    check->add_option("SPEC", specs, "Devices to check, instead of the kernel command line");
    check->footer(spec_help());

    auto* stop = app.add_subcommand("stop", "Turn swap off and remove the mappings (all, or the NAMEs)");
    stop->add_option("NAME", names, "aeadswap device names, e.g. aeadswap0");

    std::string gen_dir, gen_helper = "/usr/sbin/aeadswap";
    auto* generate = app.add_subcommand("generate", "Write the systemd units for the configured devices into DIR "
                                                    "(what aeadswap-generator does)");
    generate->add_option("DIR", gen_dir, "Output directory")->required();
    generate->add_option("--cmdline", cmdline_file, "Read parameters from FILE instead of the kernel command line")
        ->type_name("FILE");
    generate->add_option("--helper", gen_helper, "Helper path for ExecStart=");
    std::string gen_stage = current_stage() == GeneratorStage::initrd ? "initrd" : "system";
    generate->add_option("--stage", gen_stage, "Units for the initramfs or for the real root (default: where it runs, "
                                               "by /etc/initrd-release)")
        ->check(CLI::IsMember({"initrd", "system"}));

    auto* wait = app.add_subcommand("dracut-wait", "For dracut's cmdline hook: print each device node to wait for, "
                                                   "as 'SECONDS NODE' (NODE quoted for sh), within 3/4 of rd.retry");
    wait->add_option("--cmdline", cmdline_file, "Read parameters from FILE instead of the kernel command line")
        ->type_name("FILE");

    auto* lvm = app.add_subcommand("lvm-volumes", "For the dracut module: print VG/LV for each configured device that "
                                                 "is an LVM volume here, for host-only images' rd.lvm.lv=");
    lvm->add_option("--cmdline", cmdline_file, "Read parameters from FILE instead of the kernel command line")
        ->type_name("FILE");

    std::string kmoddir;
    auto* modules = app.add_subcommand("modules", "For the initramfs build hooks: print the kernel modules an image "
                                                  "needs (names and aliases resolved in DIR)");
    modules->add_option("--kmoddir", kmoddir, "The kernel's module tree, /lib/modules/KVER")
        ->type_name("DIR")
        ->required();

    std::string enable_dev;
    std::vector<std::string> enable_opts;
    EnableOptions eo;
    auto* enable = app.add_subcommand("enable", "Use DEVICE for aeadswap from the next boot on: turn off what names it "
                                                "in fstab, crypttab and resume settings, put aeadswap= on the kernel "
                                                "command line, update the boot configuration");
    enable->add_option("DEVICE", enable_dev, "The swap partition (or disk, or logical volume)")->required();
    enable->add_option("OPTION", enable_opts, "Options of its aeadswap= entry (prio=5 tags=ram, or prio=5,tags=ram)");
    enable->add_flag("--dry-run", eo.dry_run, "Print each file's diff and each command; change nothing");
    enable->add_option("--root", eo.root, "The files of the system mounted at DIR; no command is run")->type_name("DIR");
    enable->footer(spec_help());
    auto* disable = app.add_subcommand("disable", "Undo aeadswap enable: swap off (if memory allows), devices removed, "
                                                  "the partition plain swap again with its old UUID, every file back");
    disable->add_flag("--dry-run", eo.dry_run, "Print each file's diff and each command; change nothing");
    disable->add_option("--root", eo.root, "The files of the system mounted at DIR; no command is run")->type_name("DIR");

    std::string owned;
    auto* owns = app.add_subcommand("owns", "For the initramfs build hooks: exit 0 if DEVICE is one of aeadswap's "
                                            "device-mapper devices, 1 if not");
    owns->add_option("DEVICE", owned, "A block device node")->required();

    auto* status = app.add_subcommand("status", "Show each aeadswap device, its swap use and AEAD errors");
    std::string format = "text";
    bool health_check = false;
    status->add_flag("--json", json, "The same as --format json");
    status->add_option("--format", format, "text, json (schema 1, see aeadswap(8)) or prometheus (for node_exporter's "
                                           "textfile collector)")
        ->check(CLI::IsMember({"text", "json", "prometheus"}));
    status->add_flag("--check", health_check, "Exit with the health: 7, 8 or 9 (below) when something is wrong, 0 when not");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : static_cast<int>(Exit::usage);
    }
    log_init(log_target(log_to), verbose);
    dm_init_logging();

    if (start->parsed() || check->parsed()) {
        auto cfg = load_config(cmdline_file, specs);
        if (!cfg) {
            log_error(cfg.error().message);
            return static_cast<int>(cfg.error().code);
        }
        if (no_wait)
            for (auto& s : cfg->specs)
                if (s) s->wait = false;
        StartOptions opts{.dry_run = dry_run, .json = plan_json, .check_only = check->parsed(), .sysroot = sysroot};
        return static_cast<int>(start_all(*cfg, opts));
    }
    if (wait->parsed()) {
        auto line = load_cmdline(cmdline_file);
        if (!line) return static_cast<int>(line.error().code);  // the start hook reports it
        return static_cast<int>(print_dracut_waits(parse_cmdline(*line), *line));
    }
    if (modules->parsed()) return static_cast<int>(print_image_modules(kmoddir));
    if (lvm->parsed()) {
        auto line = load_cmdline(cmdline_file);
        return line ? static_cast<int>(print_lvm_volumes(parse_cmdline(*line))) : 0;
    }
    if (stop->parsed()) return static_cast<int>(stop_devices(names));
    if (owns->parsed()) return static_cast<int>(owns_device(owned));
    if (enable->parsed()) {
        std::string joined;
        for (const auto& o : enable_opts) joined += (joined.empty() ? "" : ",") + o;
        return static_cast<int>(enable_device(enable_dev, joined, eo));
    }
    if (disable->parsed()) return static_cast<int>(disable_all(eo));
    if (generate->parsed()) {
        auto cfg = load_config(cmdline_file, {});
        if (!cfg) {
            log_error(cfg.error().message);
            return static_cast<int>(cfg.error().code);
        }
        auto stage = gen_stage == "initrd" ? GeneratorStage::initrd : GeneratorStage::system;
        return static_cast<int>(run_generator(gen_dir, *cfg, gen_helper, stage));
    }
    if (json) format = "json";
    auto report = collect_report();
    if (!report) {
        log_error(report.error().message);
        if (format == "json") std::cout << format_status_json_error(report.error());
        return static_cast<int>(report.error().code);
    }
    std::cout << (format == "json"         ? format_status_json(*report)
                  : format == "prometheus" ? format_status_prometheus(*report)
                                           : format_status_text(*report));
    return health_check ? static_cast<int>(status_health(*report)) : 0;
}
