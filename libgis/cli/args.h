#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gis::cli {

/// Command-line arguments of one subcommand: positionals, `--flag`, `--opt value` and `--opt=value`
/// (so values starting with a minus sign, like extents, work in the second form and after a valued option).
/// Unknown options and missing values throw Error(Argument) naming the option.
class Args {
public:
    /// `valued` lists the options that take a value, `flags` those that do not.
    Args(int argc, char** argv, int first, const std::set<std::string>& valued, const std::set<std::string>& flags);

    const std::vector<std::string>& positionals() const { return m_positionals; }
    bool has(const std::string& option) const { return m_flags.count(option) || m_values.count(option); }
    std::optional<std::string> value(const std::string& option) const;
    /// Every value of a repeatable option, in order (value() gives the last).
    std::vector<std::string> values(const std::string& option) const;

private:
    std::vector<std::string> m_positionals;
    std::set<std::string> m_flags;
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_allValues;
};

} // namespace gis::cli
