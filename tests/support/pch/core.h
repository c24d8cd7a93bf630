// Precompiled for every test (tests/CMakeLists.txt, gis_test): the Qt and standard headers that were most of a
// test's compile time. Tests still include what they use; this only makes it cheap. The three variants differ in
// the Qt modules a test links, because GCC uses a precompiled header only under the same QT_*_LIB macros.
#pragma once

#include <QtCore/QtCore>
#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>
