#include "args.h"

#include "gis/core/error.h"
#include "gis/query/suggest.h"

namespace gis::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& valued, const std::set<std::string>& flags)
{
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        const std::string head = a.substr(0, a.find('='));
        const bool isOption = a.rfind("--", 0) == 0 || valued.count(head) || flags.count(head);
        if (a.size() < 2 || !isOption) {
            m_positionals.push_back(a);
            continue;
        }
        std::string name = a, value;
        const auto eq = a.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
        }
        if (flags.count(name)) {
            if (inlineValue)
                throw Error(ErrorCode::Argument, name + " takes no value");
            m_flags.insert(name);
        } else if (valued.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= argc)
                    throw Error(ErrorCode::Argument, name + " needs a value");
                value = argv[++i];
            }
            m_values[name] = value;
            m_allValues[name].push_back(value);
        } else {
            std::vector<std::string> known(valued.begin(), valued.end());
            known.insert(known.end(), flags.begin(), flags.end());
            const std::string s = closestName(name, known);
            throw Error(ErrorCode::Argument, "unknown option " + name + (s.empty() ? std::string() : " — did you mean " + s + "?"));
        }
    }
}

std::optional<std::string> Args::value(const std::string& option) const
{
    auto it = m_values.find(option);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::vector<std::string> Args::values(const std::string& option) const
{
    auto it = m_allValues.find(option);
    return it == m_allValues.end() ? std::vector<std::string>{} : it->second;
}

} // namespace gis::cli
