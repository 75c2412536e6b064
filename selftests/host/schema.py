#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""schema.py: the JSON Schemas of Documentation/schema are valid, the
documentation's examples follow them, and a document with an unknown key
or a bad value does not.  schema.py FILE=SCHEMA[#DEF]...: each FILE
follows its SCHEMA (a file of Documentation/schema; #DEF: one of its
$defs), for the guest tests' real output.

Debian's python3-jsonschema (/usr/bin/python3: a python3 elsewhere on PATH
may lack it).
"""
import json
import os
import re
import sys

from jsonschema import Draft202012Validator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMAS = os.path.join(ROOT, 'Documentation', 'schema')
failed = 0


def report(ok, what, detail=''):
    global failed
    print('[ OK ] %s' % what if ok else '[FAIL] %s%s' % (what, detail))
    failed += not ok


def validator(name, definition=None):
    schema = json.load(open(os.path.join(SCHEMAS, name)))
    if definition:
        schema = dict(schema, **{'$ref': '#/$defs/' + definition})
        for k in ('type', 'properties', 'required', 'additionalProperties'):
            schema.pop(k, None)
    return Draft202012Validator(schema)


def errors(v, doc):
    return ['%s: %s' % ('/'.join(str(p) for p in e.absolute_path) or 'top level',
                        e.message) for e in v.iter_errors(doc)]


def check(v, doc, what):
    errs = errors(v, doc)
    report(not errs, what, ''.join('\n#   ' + e for e in errs[:5]))


def refused(v, doc, what):
    report(bool(errors(v, doc)), what, ' (accepted)')


def blocks(rst, marker):
    """The indented blocks after @marker lines of Documentation/@rst."""
    lines = open(os.path.join(ROOT, 'Documentation', rst)).read().split('\n')
    out = []
    for i, line in enumerate(lines):
        if not re.search(marker, line):
            continue
        body = []
        for nxt in lines[i + 1:]:
            if nxt.strip() and not nxt.startswith('    '):
                break
            body.append(nxt)
        out.append('\n'.join(body))
    return out


def main():
    if sys.argv[1:]:
        for arg in sys.argv[1:]:
            path, _, spec = arg.partition('=')
            name, _, definition = spec.partition('#')
            check(validator(name, definition or None), json.load(open(path)),
                  '%s follows %s' % (os.path.basename(path), spec))
        sys.exit(1 if failed else 0)
    for name in sorted(os.listdir(SCHEMAS)):
        try:
            Draft202012Validator.check_schema(json.load(open(os.path.join(SCHEMAS, name))))
            report(True, '%s is a valid JSON Schema (2020-12)' % name)
        except Exception as e:  # noqa: BLE001 - any reason is a failure
            report(False, '%s is a valid JSON Schema' % name, ': %s' % e)
    state, service = validator('nflb-state.schema.json'), \
        validator('nflb-state.schema.json', 'service')
    healthd = validator('healthd.schema.json')
    for i, b in enumerate(blocks('nflbadm-apply.rst', r'^\.\. code-block:: json')):
        check(state, json.loads(b), 'nflbadm-apply.rst example %d follows the state schema' % i)
    for i, b in enumerate(blocks('sni.rst', r'^\.\. code-block:: json')):
        check(service, json.loads(b), 'sni.rst example %d is a service of the state schema' % i)
    for i, b in enumerate(blocks('healthd.rst', r'^Example::$')):
        doc = json.loads(b)
        check(healthd, doc, 'healthd.rst example %d follows the healthd schema' % i)
        # One file may describe both: the healthd example is a state too.
        check(state, doc, 'healthd.rst example %d follows the state schema' % i)
    example = os.path.join(ROOT, 'tools', 'healthd', 'healthd.json')
    if os.path.exists(example):
        check(healthd, json.load(open(example)),
              "nflb-healthd's shipped example follows the healthd schema")
    svc = {'protocol': 'tcp', 'address': '192.0.2.1', 'port': 80}
    refused(state, {'services': [dict(svc, sheduler='rr')]}, 'a misspelt key is refused')
    refused(state, {'services': [dict(svc, scheduler='fifo')]}, 'an unknown scheduler is refused')
    refused(state, {'services': [dict(svc, fwmark=7)]}, 'an address and a fwmark are refused')
    check(state, {'services': [dict(svc, source_ranges=['192.0.2.0/24', '2001:db8::/32',
                                                        '198.51.100.7'])]},
          'source ranges follow the state schema')
    refused(state, {'services': [dict(svc, source_ranges=['example.com/8'])]},
            'a source range that is no prefix is refused')
    refused(state, {'services': [dict(svc, source_ranges=['10.0.0.0/8'] * 2)]},
            'a source range given twice is refused')
    refused(state, {'services': [], 'config': {'max_conns_ceiling': 5}},
            "a host's ceiling in config is refused")
    refused(healthd, {'services': [dict(svc, check={'type': 'icmp'})]},
            'an unknown check type is refused')
    sys.exit(1 if failed else 0)


main()
