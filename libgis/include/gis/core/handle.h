#pragma once

#include <memory>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Deleter calling a C library's free function; null handles are ignored.
template <auto Fn>
struct Deleter {
    template <class T>
    void operator()(T* p) const
    {
        if (p)
            Fn(p);
    }
};

/// Owns a C handle from the moment it is obtained: `UniqueHandle<void, GDALClose> ds{GDALOpenEx(...)}`.
/// A raw pointer never owns in libgis; wrap every handle in one of these at once so a throw cannot leak it.
template <class T, auto Fn>
using UniqueHandle = std::unique_ptr<T, Deleter<Fn>>;

} // namespace gis

GIS_API_END
