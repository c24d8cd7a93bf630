# viewer/smoke: the real interior-explorer binary under Xvfb, in English and in Arabic, up to its first map
# frame and a screenshot of the window; a damaged project with --screenshot exits 1 without waiting on a dialog
# (included from viewer/CMakeLists.txt; a script, not a tst_*.cpp).
enable_testing()
set(smoke_env "")
if(GIS_SANITIZE) # as tests/CMakeLists.txt does for the QtTest executables
  set(smoke_env
    "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=0"
    "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
    "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:print_suppressions=0")
endif()
add_test(NAME viewer/smoke
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/viewer/smoke.sh $<TARGET_FILE:interior-explorer>
    ${PROJECT_SOURCE_DIR}/data/dakhiliyah.json ${PROJECT_BINARY_DIR}/tests/viewer-smoke)
set_tests_properties(viewer/smoke PROPERTIES TIMEOUT 600 ENVIRONMENT "${smoke_env}")
