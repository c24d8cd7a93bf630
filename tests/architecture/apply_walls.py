#!/usr/bin/env python3
"""The mechanical edits behind the module walls (docs/architecture.md), for files added or merged later.

    apply_walls.py markers [ROOT]            every public header without them gets #include "gis/core/export.h"
                                             and the GIS_API_BEGIN / GIS_API_END pair around its declarations
    apply_walls.py localize MODULE... [--root ROOT]
                                             inside libgis/src/MODULE: "MODULE/x.h" -> "x.h"; in tests/:
                                             "../../libgis/src/MODULE/x.h" and "MODULE/x.h" -> "x.h" (and lists the tests that now
                                             belong in tests/CMakeLists.txt's GIS_WHITEBOX_TESTS)

Idempotent; prints each file it changes. stdlib only. Run tests/architecture/check_architecture.py afterwards.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
EXPORT_INCLUDE = '#include "gis/core/export.h"'


def add_markers(path):
    text = path.read_text(encoding="utf-8")
    if "GIS_API_BEGIN" in text or path.name == "export.h":
        return False
    lines = text.split("\n")
    includes = [i for i, line in enumerate(lines) if INCLUDE.match(line)]
    if not includes:
        pragma = next(i for i, line in enumerate(lines) if line.startswith("#pragma once"))
        lines[pragma + 1:pragma + 1] = ["", EXPORT_INCLUDE]
    else:
        gis = [i for i in includes if INCLUDE.match(lines[i]).group(2).startswith("gis/")]
        if gis:
            # Keep the gis block sorted: insert before the first include that sorts after export.h.
            at = next((i for i in gis if INCLUDE.match(lines[i]).group(2) > "gis/core/export.h"), gis[-1] + 1)
            lines.insert(at, EXPORT_INCLUDE)
        else:
            lines[includes[-1] + 1:includes[-1] + 1] = ["", EXPORT_INCLUDE]
    last_include = max(i for i, line in enumerate(lines) if INCLUDE.match(line))
    first_decl = next(i for i in range(last_include + 1, len(lines))
                      if lines[i].strip() and not lines[i].lstrip().startswith("//"))
    # A comment block directly above the first declaration stays with it.
    while first_decl > 0 and lines[first_decl - 1].lstrip().startswith("//"):
        first_decl -= 1
    lines[first_decl:first_decl] = ["GIS_API_BEGIN", ""]
    while lines and lines[-1] == "":
        lines.pop()
    lines += ["", "GIS_API_END", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return True


def localize(root, module):
    changed = []
    same = re.compile(r'^(\s*#\s*include\s*")' + re.escape(module) + r'/([^"/]+)"', re.M)
    for path in sorted((root / "libgis/src" / module).rglob("*")):
        if path.suffix in (".h", ".cpp") and path.is_file():
            text = path.read_text(encoding="utf-8")
            new = same.sub(lambda m: m.group(1) + m.group(2) + '"', text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                changed.append(path)
    # In tests: a relative path into libgis/src/<module>, or "<module>/x.h" naming a private header of the module.
    relative = re.compile(r'^(\s*#\s*include\s*")(?:(?:\.\./)+libgis/src/|(?=' + re.escape(module) + r'/))'
                          + re.escape(module) + r'/([^"]+)"', re.M)
    private = root / "libgis/src" / module
    whitebox = []
    for path in sorted((root / "tests").rglob("*")):
        if path.suffix in (".h", ".cpp") and path.is_file():
            text = path.read_text(encoding="utf-8")
            new = relative.sub(lambda m: m.group(1) + m.group(2) + '"' if (private / m.group(2)).is_file()
                               else m.group(0), text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                changed.append(path)
                whitebox.append(f"{path.parent.name}/{path.stem}")
    for path in changed:
        print(f"localized: {path.relative_to(root)}")
    for test in whitebox:
        if test.startswith("fuzz/"):
            print(f"fuzz target {test}: set GIS_FUZZ_WHITEBOX_{test[10:]} to {module} in tests/fuzz/CMakeLists.txt")
        else:
            print(f"add to GIS_WHITEBOX_TESTS in tests/CMakeLists.txt: {test} ({module})")


def main(argv):
    if len(argv) >= 1 and argv[0] == "markers":
        root = pathlib.Path(argv[1] if len(argv) > 1 else ".").resolve()
        for header in sorted((root / "libgis/include/gis").glob("*/*.h")):
            if add_markers(header):
                print(f"markers: {header.relative_to(root)}")
        return 0
    if len(argv) >= 2 and argv[0] == "localize":
        args = argv[1:]
        root = pathlib.Path(".")
        if "--root" in args:
            i = args.index("--root")
            root = pathlib.Path(args[i + 1])
            del args[i:i + 2]
        for module in args:
            localize(root.resolve(), module)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
