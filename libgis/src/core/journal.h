#pragma once

// Private to core: the names an AtomicFile's staging folder uses.

#include <string>

namespace gis::detail {

/// fsyncs a folder so that a rename in it is durable. Never throws; errors are ignored.
void syncFolder(const std::string& folder) noexcept;

/// Whether a folder entry is a staging folder of the file named `targetName` (".NAME.gis-tmp-XXXXXX").
bool isStagingFor(const std::string& entry, const std::string& targetName);

/// Inside a staging folder: the old version of a set member while a set is being swapped in, and the journal
/// that lists the whole set (one copy in every member's staging folder).
inline constexpr const char* kOldName = ".old";
inline constexpr const char* kJournalName = ".journal";

} // namespace gis::detail
