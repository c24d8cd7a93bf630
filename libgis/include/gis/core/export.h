#pragma once

// What libgis exports. Every library is built with -fvisibility=hidden -fvisibility-inlines-hidden, so a symbol
// is visible to other libraries and programs only when marked here (docs/architecture.md, "Walls").
//
// GIS_API_BEGIN / GIS_API_END wrap the declarations of every public header (after its includes, which must stay
// outside: std, Qt and third-party headers keep their own visibility). Everything declared in a public header is
// exported, classes with their typeinfo and vtables, so gis::Error and its subclasses can be thrown in one library
// and caught in another; nothing declared in a private header or a .cpp is. tests/architecture checks that each
// public header has the pair.
//
// GIS_EXPORT marks the rare exported declaration outside the public headers: the internals one module lends to
// another through a named internal target (the GEOS bridge, libgis/internal/geom/geosbridge.h). Such symbols are
// in the library's symbol table but not in its installed headers: they are not API.

#if defined(__GNUC__) && !defined(_WIN32)
#define GIS_API_BEGIN _Pragma("GCC visibility push(default)")
#define GIS_API_END _Pragma("GCC visibility pop")
#define GIS_EXPORT __attribute__((visibility("default")))
#else
#define GIS_API_BEGIN
#define GIS_API_END
#define GIS_EXPORT
#endif
