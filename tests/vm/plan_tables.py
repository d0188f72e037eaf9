#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares each dry run's tables (aeadswap start --dry-run --json) with what the kernel loaded
after the real start (dmsetup table), as the guest's case_plans reported them in a VM log.

    plan_tables.py LOG N EXPECTED-BRANCH

N is the case's entry number; EXPECTED-BRANCH is "plan" or "fallback", the branch of the plan the
kernel's tables must match. Prints one line per device compared; exits 1 on the first difference.

The kernel prints a table in its own form: dm-crypt and dm-integrity put their options in their
own order, dm-integrity adds the options it defaulted (journal_sectors, interleave_sectors), and
dm-raid adds region_size. So the positional arguments and lengths must be equal, and every option
the plan loads must be among the kernel's. A device the plan makes is named <NAME> in the plan: it
must be that device-mapper device's number, or (a RAM disk) the same number wherever it appears.
The key, <key> in the plan, must be the keyring's reference, never the key itself.
"""

import json
import re
import sys


def reported(log, n):
    values = {}
    pattern = re.compile(r"^@@ plans %d (\w+)=(.*)$" % n)
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = pattern.match(line.rstrip("\r\n"))
            if m:
                values[m.group(1)] = m.group(2)
    return values


def fail(msg):
    print("MISMATCH: " + msg)
    sys.exit(1)


class Bindings:
    def __init__(self, devs):
        self.devs = devs  # device-mapper name -> "major:minor"
        self.bound = {}

    def match(self, planned, loaded, entry):
        if planned == "<key>":
            return re.fullmatch(r":\d+:logon:aeadswap:%s(_leg[01])?" % re.escape(entry), loaded) is not None
        m = re.fullmatch(r"(.*)<([\w.-]+)>(.*)", planned)
        if not m:
            return planned == loaded
        prefix, name, suffix = m.groups()
        if not (loaded.startswith(prefix) and loaded.endswith(suffix)):
            return False
        value = loaded[len(prefix):len(loaded) - len(suffix)]
        want = self.devs.get(name) or self.bound.get(name)
        if want is None:
            self.bound[name] = value
            return True
        return want == value


def split(target, params):
    """(positional, options) of a table's parameters."""
    p = params.split()
    if target == "crypt":
        n = int(p[5])
        return p[:5], p[6:6 + n]
    if target == "integrity":
        n = int(p[4])
        return p[:4], p[5:5 + n]
    if target == "raid":
        n = int(p[1])
        return [p[0]] + p[2 + n:], p[2:2 + n]
    return p, []


def compare(step, kernel, b, entry):
    length, target, params = kernel
    if step["length"] != length or step["target"] != target:
        fail("%s: planned 0 %s %s, loaded 0 %s %s" % (step["name"], step["length"], step["target"], length, target))
    pp, po = split(target, step["params"])
    kp, ko = split(target, params)
    if len(pp) != len(kp) or not all(b.match(x, y, entry) for x, y in zip(pp, kp)):
        fail("%s: planned %s, loaded %s" % (step["name"], step["params"], params))
    for o in po:
        if not any(b.match(o, k, entry) for k in ko):
            fail("%s: option %s planned, not in the kernel's %s" % (step["name"], o, params))
    if target == "crypt" and len(po) != len(ko):
        fail("%s: planned options %s, loaded %s" % (step["name"], po, ko))


def main():
    log, n, branch = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    r = reported(log, n)
    for key in ("json", "tables", "devs"):
        if key not in r:
            fail("entry %d: no '%s' line in %s" % (n, key, log))
    doc = json.loads(r["json"])
    entry = doc["entries"][0]
    if "plan" not in entry:
        fail("entry %d: the dry run planned nothing: %s" % (n, entry.get("error")))
    plan = entry["plan"] if branch == "plan" else entry["plan"]["fallback"]
    if plan is None:
        fail("entry %d: the plan has no fallback" % n)
    devs = dict(d.split(":", 1) for d in r["devs"].split("|") if d)
    kernel = {}
    for t in r["tables"].split("|"):
        if not t:
            continue
        name, rest = t.split(": ", 1)
        start, length, target, params = rest.split(" ", 3)
        if start != "0":
            fail("%s: a table that does not start at 0: %s" % (name, t))
        kernel[name] = (int(length), target, params)
    b = Bindings(devs)
    planned = []
    for s in plan["steps"]:
        if s["step"] not in ("table", "format"):
            continue
        _, length, target, params = s["table"].split(" ", 3)
        step = {"name": s["name"], "length": int(length), "target": target, "params": params}
        if s["step"] == "format":
            if s["name"] in kernel:
                fail("%s: the format's device is still there" % s["name"])
            continue
        if s["name"] not in kernel:
            fail("%s: planned, not in the kernel's tables" % s["name"])
        compare(step, kernel[s["name"]], b, entry["name"])
        planned.append(s["name"])
        print("%s: 0 %s %s %s  ==  %s" % (s["name"], length, target, params, " ".join(map(str, kernel[s["name"]]))))
    extra = sorted(set(kernel) - set(planned))
    if extra:
        fail("in the kernel, not in the plan: %s" % ", ".join(extra))
    if not planned:
        fail("entry %d: no table planned" % n)
    print("entry %d (%s): %d tables as planned" % (n, branch, len(planned)))


if __name__ == "__main__":
    main()
