# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS): removes the RUNPATH of every ELF file staged for the Debian
# packages. The build installs binaries with RUNPATH $ORIGIN/../lib so that `make install PREFIX=...` runs from
# anywhere; in /usr the libraries are on the loader's default path, and Debian policy (lintian:
# custom-library-search-path) forbids a RUNPATH there.
file(GLOB_RECURSE staged LIST_DIRECTORIES false "${CPACK_TOPLEVEL_DIRECTORY}/*")
set(count 0)
foreach(f ${staged})
  if(IS_SYMLINK "${f}")
    continue()
  endif()
  file(READ "${f}" magic LIMIT 4 HEX)
  if(magic STREQUAL "7f454c46")
    file(RPATH_REMOVE FILE "${f}")
    math(EXPR count "${count} + 1")
  endif()
endforeach()
message(STATUS "remove-runpath: ${count} ELF files without RUNPATH")
