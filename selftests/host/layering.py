#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""layering.py KMOD_OBJDIR: the layers depend one way, files do not call in
circles (Documentation/testing.rst, "Layering").

Includes: nothing in kmod/ includes from lib/ or tools/, nothing in lib/ from
tools/ (the uapi header in include/ is everyone's).

Calls: within one part (kmod/, lib/, each tool), file A *uses* file B when
A's code refers to a function B defines: a relocation in one of A's
executable sections naming one of B's global functions, read from the
objects with readelf.  A cycle of uses between files fails.  What is
accepted, as in WireGuard and net/ethtool, is what is no use from code:
a table in data (the genl ops table pointing at the handlers, a tool's
command table pointing at its commands).  And one ladder per part: the
module's per-namespace init/exit calls every part's *_init/*_exit
(LADDERS below).  Unit tests, KUnit suites and fuzzers are not parts of a
layer and are left out.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# file -> regexp of the callees it may call without making a cycle
LADDERS = {
    'kmod/netns.o': r'_(init|exit)$',
    'kmod/main.o': r'_(init|exit)$',
}
SKIP = re.compile(r'(_kunit|^kunit_mod|^test_|^fuzz_|\.mod)\.o$')
failed = 0


def report(ok, what, detail=''):
    global failed
    print('[ OK ] %s' % what if ok else '[FAIL] %s%s' % (what, detail))
    failed += not ok


def readelf(args, obj):
    return subprocess.run(['readelf', '-W'] + args + [obj], check=True,
                          capture_output=True, text=True).stdout


def defined_functions(obj):
    out = set()
    for line in readelf(['-s'], obj).splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] == 'FUNC' and f[4] in ('GLOBAL', 'WEAK') \
                and f[6] != 'UND':
            out.add(f[7])
    return out


def exec_sections(obj):
    out = set()
    for line in readelf(['-S'], obj).splitlines():
        m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S*)', line)
        if m and 'X' in m.group(2):
            out.add(m.group(1))
    return out


def code_refs(obj):
    """Symbols that obj's executable sections refer to."""
    text = exec_sections(obj)
    out = set()
    section = None
    for line in readelf(['-r'], obj).splitlines():
        m = re.match(r"Relocation section '\.rela?(\S+)'", line)
        if m:
            section = m.group(1)
            continue
        if section not in text:
            continue
        f = line.split()
        if len(f) >= 5 and re.match(r'[0-9a-f]+$', f[0]):
            out.add(re.sub(r'[+-].*', '', f[4]))
    return out


def cycles(graph):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, comps = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return comps


def part(name, objs):
    if not objs:
        report(False, '%s: no call cycle between its files' % name,
               ' (no objects: build it first)')
        return
    defs = {o: defined_functions(o) for o in objs}
    owner = {}
    for o, fns in defs.items():
        for fn in fns:
            owner[fn] = o
    rel = {o: os.path.relpath(o, ROOT) if o.startswith(ROOT) else
           'kmod/' + os.path.basename(o) for o in objs}
    graph, why = {}, {}
    for o in objs:
        ladder = LADDERS.get(rel[o])
        for sym in code_refs(o):
            t = owner.get(sym)
            if not t or t == o or (ladder and re.search(ladder, sym)):
                continue
            graph.setdefault(o, set()).add(t)
            why.setdefault((o, t), set()).add(sym)
    found = cycles(graph)
    detail = ''
    for comp in found:
        detail += '\n#   ' + ' <-> '.join(rel[o] for o in comp)
        for a in comp:
            for b in comp:
                if (a, b) in why:
                    detail += '\n#     %s uses %s: %s' % (
                        rel[a], rel[b], ', '.join(sorted(why[(a, b)])[:4]))
    report(not found, '%s: no call cycle between its files' % name,
           ' (%d)%s' % (len(found), detail))


def objects(d, deep=False):
    """The objects in @d, and with @deep in its subfolders (a tool's)."""
    out = []
    for dirpath, _, files in os.walk(d):
        out += [os.path.join(dirpath, f) for f in files
                if f.endswith('.o') and not SKIP.search(f) and f != 'nflb.o']
        if not deep:
            break
    return sorted(out)


def includes(layer, banned):
    bad = []
    d = os.path.join(ROOT, layer)
    for dirpath, _, files in os.walk(d):
        for f in files:
            if not f.endswith(('.c', '.h')):
                continue
            p = os.path.join(dirpath, f)
            for n, line in enumerate(open(p, encoding='utf-8', errors='replace'), 1):
                m = re.match(r'\s*#\s*include\s*(["<])([^">]+)[">]', line)
                if not m:
                    continue
                inc = m.group(2)
                # by path, or (quoted, not beside the file) found only
                # through an -I into a higher layer
                up = any(re.search(r'(^|/)%s/' % b, inc) for b in banned)
                if m.group(1) == '"' and not up and \
                        not os.path.exists(os.path.join(dirpath, inc)) and \
                        not os.path.exists(os.path.join(ROOT, 'include', inc)) and \
                        not os.path.exists(os.path.join(ROOT, 'include/uapi', inc)):
                    up = any(os.path.exists(os.path.join(ROOT, b, sub, inc))
                             for b in banned for sub in [''] +
                             os.listdir(os.path.join(ROOT, b))
                             if os.path.isdir(os.path.join(ROOT, b, sub)))
                if up:
                    bad.append('%s:%d: %s' % (os.path.relpath(p, ROOT), n, inc))
    report(not bad, '%s/ includes nothing from %s' % (layer, ', '.join(b + '/' for b in banned)),
           ''.join('\n#   ' + b for b in bad))


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: layering.py KMOD_OBJDIR')
    includes('kmod', ['lib', 'tools'])
    includes('lib', ['tools'])
    part('kmod', objects(sys.argv[1]))
    part('lib', objects(os.path.join(ROOT, 'lib')))
    tools = os.path.join(ROOT, 'tools')
    for t in sorted(os.listdir(tools)):
        objs = objects(os.path.join(tools, t), deep=True) \
            if os.path.isdir(os.path.join(tools, t)) else []
        if objs:
            part('tools/' + t, objs)
    sys.exit(1 if failed else 0)


main()
