#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The helper's machine-readable output against aeadswap(8): every JSON key and every metric
status printed is documented under JSON and METRICS, every documented top-level and device key is
there, and the metrics parse with the Prometheus client library's own text-format parser; every
key and step kind of a dry run's plans (start --dry-run --json) is documented under PLAN JSON.

usage: status_doc.py MANPAGE.scd json|prometheus|plan FILE"""
import json
import re
import sys


def section(scd, title):
    m = re.search(r"^# " + title + r"\n(.*?)(?=^# )", scd, re.S | re.M)
    return m.group(1)


def documented(text):
    return set(re.findall(r"\*([a-z_]+)\*", text))


def terms(text):
    """The keys of the definition lines (column 0), which every sample must have."""
    out = set()
    for line in text.splitlines():
        if line.startswith("*"):
            out |= set(re.findall(r"\*([a-z_]+)\*", line))
    return out


def check_json(scd, text):
    doc = section(scd, "JSON")
    allowed = documented(doc)
    obj = json.loads(text)
    if "error" in obj:  # status could not look: only these
        if set(obj) != {"schema", "error", "exit_status"} or not {"error", "exit_status"} <= allowed:
            sys.exit("error object %s" % sorted(obj))
        return
    keys = set(obj)
    for dev in obj.get("devices", []):
        keys |= set(dev)
        for leg in dev.get("legs", []):
            keys |= set(leg)
    undocumented = keys - allowed
    head, _, per_device = doc.partition("Each device:")
    missing = terms(head) - set(obj)
    if obj.get("devices"):
        missing |= terms(per_device) - set(obj["devices"][0])
    if obj.get("schema") != 1:
        sys.exit("schema is not 1")
    if undocumented or missing:
        sys.exit("undocumented: %s; documented but absent: %s" % (sorted(undocumented), sorted(missing)))


def check_prometheus(scd, text):
    from prometheus_client.parser import text_string_to_metric_families

    allowed = documented(section(scd, "METRICS"))
    names = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name + ("_total" if family.type == "counter" else ""))
        for sample in family.samples:
            if "name" not in sample.labels:
                sys.exit("%s has no name label" % sample.name)
    undocumented = names - allowed
    if not names or undocumented:
        sys.exit("metrics %s; undocumented: %s" % (sorted(names), sorted(undocumented)))


def keys_of(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            keys_of(v, out)
    elif isinstance(value, list):
        for v in value:
            keys_of(v, out)
    return out


def check_plan(scd, text):
    doc = section(scd, "PLAN JSON")
    allowed = documented(doc)
    obj = json.loads(text)
    if obj.get("schema") != 1 or not obj.get("entries"):
        sys.exit("schema is not 1, or no entries")
    steps = set()
    for e in obj["entries"]:
        for plan in (e.get("plan"), (e.get("plan") or {}).get("fallback")):
            for s in (plan or {}).get("steps", []):
                steps.add(s["step"])
    undocumented = keys_of(obj, set()) - allowed
    kinds = steps - set(re.findall(r"_([a-z_]+)_ \(", doc))
    if undocumented or kinds:
        sys.exit("undocumented keys: %s; undocumented steps: %s" % (sorted(undocumented), sorted(kinds)))


def main():
    scd = open(sys.argv[1]).read()
    text = open(sys.argv[3]).read()
    {"json": check_json, "prometheus": check_prometheus, "plan": check_plan}[sys.argv[2]](scd, text)


main()
