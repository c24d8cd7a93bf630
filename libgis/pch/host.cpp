// The target that builds a precompiled header for the modules to reuse (libgis/CMakeLists.txt).
