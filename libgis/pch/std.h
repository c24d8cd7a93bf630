// Precompiled for every module's sources (libgis/CMakeLists.txt, gis_module): the standard headers most of them
// include, which were a third of a source's compile time. Sources still include what they use; nothing of libgis
// is here, so the module walls (docs/architecture.md) are untouched.
#pragma once

#include <algorithm>
#include <array>
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
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>
