#!/usr/bin/env python3
"""Keeps docs/architecture.md true: the module walls of libgis, checked against the code (CTest architecture/includes).

    check_architecture.py [--root DIR] [--allowlist FILE] [--self-test]

Reads the module table and the internal-target table from DIR/docs/architecture.md, then fails, naming file and
line, when
  module-dep      a file of module M includes gis/<N>/... and N is not in M's `uses` (direct uses only: a module
                  lists every module it includes itself, even when it also comes in through another header)
  private-header  a file includes another module's private header ("<N>/x.h" for a module N), or an internal
                  target's header without being one of that target's users
  own-prefix      a module includes its own private header as "<M>/x.h" (it is "x.h": the module's src folder is
                  its private include path)
  relative        an include climbs out of its folder ("../x.h"), or a test reaches into libgis/src
  unknown-header  a quoted include that is neither a public header, an internal header nor a file of the module
  qt              a file of a module whose qt column is "no" includes Qt
  third-party     a public header includes GDAL, OGR, CPL, PROJ, GEOS or SQLite
  api-markers     a public header lacks the GIS_API_BEGIN / GIS_API_END pair (gis/core/export.h)
  cmake-deps      libgis/CMakeLists.txt's gis_module(...) deps differ from the table, a module's public headers use
                  a module it does not link PUBLIC, a no-Qt module links Qt, or a module links an internal target
                  it is not a user of
  program-include cli or viewer includes something other than public headers and its own files
Known exceptions are in an allow-list (default tests/architecture/allowlist.txt, lines "rule path-glob
include-glob"); an entry that matches nothing is an error too, so the list only shrinks.
--self-test first checks a generated clean tree (must pass) and then that tree with one violation of each kind
(each must fail with its rule): the checker cannot pass by checking nothing. Python 3 standard library only.
"""
import argparse
import fnmatch
import pathlib
import re
import shutil
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
THIRD_PARTY = re.compile(r'^(gdal[^/]*\.h|ogr[^/]*\.h|cpl_[^/]*\.h|proj\.h|proj_[^/]*\.h|proj/.*|geos_c\.h|geos/.*|'
                         r'geos\.h|sqlite3\.h|sqlite3ext\.h)$')
QT = re.compile(r'^(Q[A-Za-z0-9]*|Qt[A-Za-z]*/.*|q[a-z0-9]+\.h)$')
SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc", ".c")
PROGRAM_FOLDERS = {"cli": "libgis/cli", "viewer": "viewer"}


class Violation:
    def __init__(self, rule, path, line, include, message):
        self.rule, self.path, self.line, self.include, self.message = rule, path, line, include, message

    def __str__(self):
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


def read_tables(doc):
    """The fenced blocks of docs/architecture.md whose header row starts "module" and "internal"."""
    modules, internals = {}, {}
    text = doc.read_text(encoding="utf-8")
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M):
        rows = [line.split() for line in block.splitlines() if line.strip() and not line.startswith("#")]
        if not rows:
            continue
        lists = lambda cell: [] if cell == "-" else cell.split(",")
        if rows[0][:4] == ["module", "kind", "uses", "qt"]:
            for row in rows[1:]:
                modules[row[0]] = {"kind": row[1], "uses": lists(row[2]), "qt": row[3] != "no"}
        elif rows[0][:5] == ["internal", "owner", "headers", "prefix", "users"]:
            for row in rows[1:]:
                internals[row[0]] = {"owner": row[1], "headers": row[2], "prefix": row[3], "users": lists(row[4])}
    if not modules:
        raise SystemExit(f"{doc}: no module table (a fenced block with the header 'module kind uses qt')")
    return modules, internals


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(1), m.group(2)


def files_under(folder):
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)


class Checker:
    def __init__(self, root):
        self.root = root
        self.modules, self.internals = read_tables(root / "docs/architecture.md")
        self.libraries = [m for m, v in self.modules.items() if v["kind"] == "library"]
        self.violations = []

    def add(self, rule, path, line, include, message):
        self.violations.append(Violation(rule, path.relative_to(self.root).as_posix(), line, include, message))

    def public_header_exists(self, include):
        return (self.root / "libgis/include" / include).is_file()

    def internal_of(self, include):
        """The internal target whose header `include` is, or None."""
        for name, target in self.internals.items():
            if include.startswith(target["prefix"] + "/") and (self.root / target["headers"] / include).is_file():
                return name
        return None

    def check_gis_include(self, owner, path, number, include):
        parts = include.split("/")
        other = parts[1] if len(parts) > 2 else ""
        if other not in self.modules or self.modules[other]["kind"] != "library":
            self.add("unknown-header", path, number, include, f'"{include}": no module "{other}" in the table')
        elif other != owner and other not in self.modules[owner]["uses"]:
            self.add("module-dep", path, number, include,
                     f'{owner} includes "{include}" but may not use {other} (docs/architecture.md)')
        elif not self.public_header_exists(include):
            self.add("unknown-header", path, number, include, f'"{include}" is not a public header')

    def check_quoted(self, owner, path, number, include, own_roots, user):
        """A quoted non-gis include of a file of `owner`: its own file, an internal header, or a violation."""
        first = include.split("/")[0]
        if include.startswith("../") or "/../" in include:
            resolved = (path.parent / include).resolve()
            if not any(root in resolved.parents for root in own_roots):
                self.add("relative", path, number, include, f'"{include}" climbs out of its module')
                return
            self.add("relative", path, number, include,
                     f'"{include}": include a private header by its name under the module folder, not "../"')
            return
        internal = self.internal_of(include)
        if internal:
            if user not in self.internals[internal]["users"]:
                self.add("private-header", path, number, include,
                         f'"{include}" belongs to the internal target {internal}, whose users are '
                         f'{", ".join(self.internals[internal]["users"])}')
            return
        if first == owner and "/" in include and self.modules.get(owner, {}).get("kind") == "library":
            self.add("own-prefix", path, number, include, f'"{include}": a module includes its own private '
                     f'headers as "{include[len(owner) + 1:]}"')
            return
        if first in self.libraries and first != owner and "/" in include:
            self.add("private-header", path, number, include, f'"{include}" is a private header of {first}')
            return
        if any((root / include).is_file() for root in own_roots + [path.parent]):
            return
        self.add("unknown-header", path, number, include, f'"{include}" is not a file of {owner}')

    def check_module(self, module):
        spec = self.modules[module]
        public_dir = self.root / "libgis/include/gis" / module
        src_dir = self.root / "libgis/src" / module
        for path in files_under(public_dir) + files_under(src_dir):
            public = public_dir in path.parents
            if public and path.suffix == ".h" and path.name != "export.h":
                text = path.read_text(encoding="utf-8", errors="replace")
                if not re.search(r"^GIS_API_BEGIN\b", text, re.M) or not re.search(r"^GIS_API_END\b", text, re.M):
                    self.add("api-markers", path, 1, "", "public header without GIS_API_BEGIN / GIS_API_END")
            for number, kind, include in includes(path):
                if include.startswith("gis/"):
                    self.check_gis_include(module, path, number, include)
                elif kind == '"':
                    self.check_quoted(module, path, number, include, [src_dir] if not public else [], module)
                elif QT.match(include) and not spec["qt"]:
                    self.add("qt", path, number, include, f"{module} does not use Qt (docs/architecture.md)")
                elif public and THIRD_PARTY.match(include):
                    self.add("third-party", path, number, include,
                             f"a public header includes <{include}>: GDAL, PROJ, GEOS and SQLite stay private")

    def check_internals(self):
        for name, target in self.internals.items():
            owner = target["owner"]
            # Its headers, and its sources when they have a folder of their own (libgis/src/<prefix> that is not a
            # module's: the pdf rewriter's; the GEOS bridge's code is geom's and is checked with geom).
            sources = self.root / "libgis/src" / target["prefix"]
            own_sources = target["prefix"] not in self.modules and sources.is_dir()
            for path in files_under(self.root / target["headers"]) + (files_under(sources) if own_sources else []):
                for number, kind, include in includes(path):
                    if include.startswith("gis/"):
                        self.check_gis_include(owner, path, number, include)
                    elif kind == '"':
                        self.check_quoted(owner, path, number, include, [sources] if own_sources else [], owner)
                    elif QT.match(include) and not self.modules[owner]["qt"]:
                        self.add("qt", path, number, include, f"{owner} does not use Qt (docs/architecture.md)")

    def check_program(self, program):
        folder = self.root / PROGRAM_FOLDERS[program]
        for path in files_under(folder):
            for number, kind, include in includes(path):
                if include.startswith("gis/"):
                    self.check_gis_include(program, path, number, include)
                elif kind == '"':
                    resolved = [(base / include).resolve() for base in (path.parent, folder)]
                    if not any(r.is_file() and (folder.resolve() in r.parents) for r in resolved):
                        self.add("program-include", path, number, include,
                                 f'{program} includes "{include}": only public headers (gis/...) and its own files')

    def check_tests(self):
        for path in files_under(self.root / "tests"):
            for number, kind, include in includes(path):
                if kind != '"' or include.startswith("gis/") or include.startswith("support/"):
                    continue
                if "libgis/src" in include or include.startswith("../"):
                    self.add("relative", path, number, include, f'"{include}" reaches into libgis/src: link the '
                             "module's testing archive and include the private header as \"x.h\" (tests/CMakeLists.txt)")
                    continue
                first = include.split("/")[0]
                # The viewer's tests include the viewer's own headers by folder ("map/mapdocument.h"); a viewer
                # folder may share a module's name (viewer/analysis/, the toolbox).
                if path.parent.name == "viewer" and (self.root / "viewer" / include).is_file():
                    continue
                if "/" in include and first in self.libraries and not self.internal_of(include):
                    self.add("private-header", path, number, include, f'"{include}" is a private header of {first}:'
                             ' a white-box test includes it as "x.h" through the testing archive')

    def check_cmake(self):
        path = self.root / "libgis/CMakeLists.txt"
        text = path.read_text(encoding="utf-8")
        text_nocomments = re.sub(r"#[^\n]*", "", text)
        seen = set()
        for m in re.finditer(r"^\s*gis_module\(([^)]*)\)", text_nocomments, re.M):
            line = text_nocomments.count("\n", 0, m.start()) + 1
            words = m.group(1).split()
            module = words[0]
            if module == "name" or module.startswith("${"):
                continue
            seen.add(module)
            if module not in self.modules:
                self.add("cmake-deps", path, line, "", f"gis_module({module}) is not in docs/architecture.md's table")
                continue
            section, deps = None, {"PUBLIC_DEPS": [], "PRIVATE_DEPS": []}
            for word in words[1:]:
                if word in deps:
                    section = word
                elif section:
                    deps[section].append(word)
            linked = {d.split("::")[1] for d in deps["PUBLIC_DEPS"] + deps["PRIVATE_DEPS"] if d.startswith("gis::")}
            uses = set(self.modules[module]["uses"])
            if linked != uses:
                self.add("cmake-deps", path, line, "", f"gis_module({module}) links {sorted(linked)} but the table "
                         f"says it uses {sorted(uses)}")
            public_linked = {d.split("::")[1] for d in deps["PUBLIC_DEPS"] if d.startswith("gis::")}
            public_used = set()
            for header in files_under(self.root / "libgis/include/gis" / module):
                for _, _, include in includes(header):
                    parts = include.split("/")
                    if include.startswith("gis/") and len(parts) > 2 and parts[1] != module:
                        public_used.add(parts[1])
            if public_used - public_linked:
                self.add("cmake-deps", path, line, "", f"the public headers of {module} include "
                         f"{sorted(public_used - public_linked)}, which gis_module({module}) does not link PUBLIC")
            qt_links = [d for d in deps["PUBLIC_DEPS"] + deps["PRIVATE_DEPS"] if d.startswith("Qt")]
            if qt_links and not self.modules[module]["qt"]:
                self.add("cmake-deps", path, line, "", f"{module} links {qt_links[0]} but its qt column is no")
            for dep in deps["PUBLIC_DEPS"] + deps["PRIVATE_DEPS"]:
                if dep in self.internals and module not in self.internals[dep]["users"]:
                    self.add("cmake-deps", path, line, "", f"{module} links {dep} but is not one of its users")
        for module in self.libraries:
            if module not in seen:
                self.add("cmake-deps", path, 1, "", f"the table's library {module} has no gis_module() call")

    def run(self):
        for module in self.libraries:
            self.check_module(module)
        for program in self.modules:
            if self.modules[program]["kind"] == "program" and program in PROGRAM_FOLDERS:
                self.check_program(program)
        self.check_internals()
        self.check_tests()
        self.check_cmake()
        return self.violations


def read_allowlist(path):
    entries = []
    if path and path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            words = line.split("#", 1)[0].split()
            if words:
                if len(words) != 3:
                    raise SystemExit(f"{path}:{number}: expected 'rule path-glob include-glob'")
                entries.append((number, *words))
    return entries


def check(root, allowlist_path):
    violations = Checker(root).run()
    entries = read_allowlist(allowlist_path)
    used = set()
    failures = []
    for v in violations:
        match = next((e for e in entries if e[1] == v.rule and fnmatch.fnmatchcase(v.path, e[2])
                      and fnmatch.fnmatchcase(v.include, e[3])), None)
        if match:
            used.add(match[0])
        else:
            failures.append(str(v))
    for number, rule, path_glob, include_glob in entries:
        if number not in used:
            failures.append(f"{allowlist_path.name}:{number}: [allowlist] '{rule} {path_glob} {include_glob}' matches "
                            "nothing any more: remove it")
    return failures


# --- self-test: a generated tree, clean, then with one violation of each kind -----------------------------------

CLEAN_TREE = {
    "docs/architecture.md": """# t
```
module  kind     uses       qt
core    library  -          no
geom    library  core       no
render  library  core,geom  Gui
cli     program  core,geom  Gui
```
```
internal           owner  headers                prefix  users
gis_geom_internal  geom   libgis/internal        geom    geom,render
```
""",
    "libgis/CMakeLists.txt": """gis_module(core)
gis_module(geom PUBLIC_DEPS gis::core PRIVATE_DEPS gis_geom_internal GEOS::geos_c)
gis_module(render PUBLIC_DEPS gis::core Qt6::Gui PRIVATE_DEPS gis::geom gis_geom_internal)
""",
    "libgis/include/gis/core/export.h": "#pragma once\n#define GIS_API_BEGIN\n#define GIS_API_END\n",
    "libgis/include/gis/core/box.h": '#pragma once\n#include <vector>\n\n#include "gis/core/export.h"\n\n'
                                     "GIS_API_BEGIN\nnamespace gis {}\nGIS_API_END\n",
    "libgis/include/gis/geom/point.h": '#pragma once\n#include "gis/core/box.h"\nGIS_API_BEGIN\nGIS_API_END\n',
    "libgis/include/gis/render/map.h": '#pragma once\n#include <QImage>\n#include "gis/core/box.h"\n'
                                       "GIS_API_BEGIN\nGIS_API_END\n",
    "libgis/internal/geom/bridge.h": '#pragma once\n#include <geos_c.h>\n#include "gis/geom/point.h"\n',
    "libgis/src/core/box.cpp": '#include "gis/core/box.h"\n#include "journal.h"\n',
    "libgis/src/core/journal.h": "#pragma once\n",
    "libgis/src/geom/point.cpp": '#include <geos_c.h>\n#include "geom/bridge.h"\n#include "gis/geom/point.h"\n'
                                 '#include "sub/helper.h"\n',
    "libgis/src/geom/sub/helper.h": '#pragma once\n#include "gis/core/box.h"\n',
    "libgis/src/render/map.cpp": '#include <QPainter>\n#include "geom/bridge.h"\n#include "gis/geom/point.h"\n'
                                 '#include "gis/render/map.h"\n#include "paint.h"\n',
    "libgis/src/render/paint.h": "#pragma once\n",
    "libgis/cli/main.cpp": '#include "gis/geom/point.h"\n#include "args.h"\n',
    "libgis/cli/args.h": "#pragma once\n",
    "tests/geom/tst_point.cpp": '#include "gis/geom/point.h"\n#include "geom/bridge.h"\n#include "helper.h"\n'
                                '#include "support/x.h"\n',
}

# One mutation per rule: (rule, file, text appended to it or None to replace it with the given text).
VIOLATIONS = [
    ("module-dep", "libgis/src/geom/point.cpp", '#include "gis/render/map.h"\n'),
    ("private-header", "libgis/src/render/map.cpp", '#include "core/journal.h"\n'),
    ("private-header", "libgis/src/core/box.cpp", '#include "geom/bridge.h"\n'),
    ("own-prefix", "libgis/src/geom/point.cpp", '#include "geom/sub/helper.h"\n'),
    ("relative", "libgis/src/render/map.cpp", '#include "../core/journal.h"\n'),
    ("relative", "tests/geom/tst_point.cpp", '#include "../../libgis/src/core/journal.h"\n'),
    ("private-header", "tests/geom/tst_point.cpp", '#include "core/journal.h"\n'),
    ("unknown-header", "libgis/src/core/box.cpp", '#include "nothere.h"\n'),
    ("qt", "libgis/src/geom/point.cpp", "#include <QString>\n"),
    ("qt", "libgis/include/gis/core/box.h", "#include <QtCore/QString>\n"),
    ("third-party", "libgis/include/gis/geom/point.h", "#include <gdal.h>\n"),
    ("third-party", "libgis/include/gis/core/box.h", "#include <proj.h>\n"),
    ("api-markers", "libgis/include/gis/geom/point.h", ("GIS_API_END\n", "")),
    ("cmake-deps", "libgis/CMakeLists.txt", ("PRIVATE_DEPS gis::geom gis_geom_internal", "PRIVATE_DEPS gis_geom_internal")),
    ("cmake-deps", "libgis/CMakeLists.txt", ("gis_module(core)", "gis_module(core PRIVATE_DEPS Qt6::Core)")),
    ("cmake-deps", "libgis/CMakeLists.txt", ("gis::core Qt6::Gui PRIVATE_DEPS gis::geom", "Qt6::Gui PRIVATE_DEPS gis::core gis::geom")),
    ("cmake-deps", "libgis/CMakeLists.txt", ("gis_module(core)", "gis_module(core PRIVATE_DEPS gis_geom_internal)")),
    ("program-include", "libgis/cli/main.cpp", '#include "render/paint.h"\n'),
    ("module-dep", "libgis/cli/main.cpp", '#include "gis/render/map.h"\n'),
]


def write_tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def self_test():
    problems = []
    with tempfile.TemporaryDirectory(prefix="check_architecture.") as tmp:
        root = pathlib.Path(tmp).resolve()
        write_tree(root / "clean", CLEAN_TREE)
        found = [str(v) for v in Checker(root / "clean").run()]
        if found:
            problems.append("the clean tree fails: " + "; ".join(found))
        for i, (rule, name, change) in enumerate(VIOLATIONS):
            tree = root / f"v{i}"
            shutil.copytree(root / "clean", tree)
            path = tree / name
            text = path.read_text(encoding="utf-8")
            if isinstance(change, tuple):
                if change[0] not in text:
                    problems.append(f"self-test {i}: '{change[0]}' not in {name}")
                    continue
                text = text.replace(change[0], change[1])
            else:
                text += change
            path.write_text(text, encoding="utf-8")
            rules = sorted({v.rule for v in Checker(tree).run()})
            if rules != [rule]:
                problems.append(f"self-test {i} ({name}): expected exactly [{rule}], got {rules}")
        # The allow-list: an entry silences its violation; an entry that matches nothing fails.
        tree = root / "allow"
        shutil.copytree(root / "clean", tree)
        with open(tree / "libgis/src/geom/point.cpp", "a", encoding="utf-8") as f:
            f.write('#include "geom/sub/helper.h"\n')
        allow = root / "allow.txt"
        allow.write_text("own-prefix libgis/src/geom/* geom/*\n", encoding="utf-8")
        if check(tree, allow):
            problems.append("an allow-listed violation still fails")
        allow.write_text("own-prefix libgis/src/geom/* geom/*\nqt libgis/src/x.cpp *\n", encoding="utf-8")
        if len(check(tree, allow)) != 1:
            problems.append("a stale allow-list entry passes")
    for p in problems:
        print(f"self-test: {p}")
    print(f"self-test: {len(VIOLATIONS)} violation kinds and the allow-list, "
          f"{'FAILED' if problems else 'each caught'}")
    return not problems


def main():
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=here.parent.parent)
    parser.add_argument("--allowlist", type=pathlib.Path, default=None)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    ok = True
    if args.self_test:
        ok = self_test()
    root = args.root.resolve()
    allowlist = args.allowlist or root / "tests/architecture/allowlist.txt"
    failures = check(root, allowlist)
    for f in failures:
        print(f)
    print(f"architecture: {len(failures)} problem(s) in {root} (docs/architecture.md)")
    return 0 if ok and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
