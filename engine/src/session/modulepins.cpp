// SPDX-License-Identifier: MIT
#include "session/modulepins.h"

#include <algorithm>
#include <cstring>
#include <dlfcn.h>

namespace haul::engine {

namespace {

const void* objectBase(const void* address)
{
    Dl_info info{};
    if (address == nullptr || dladdr(address, &info) == 0)
        return nullptr;
    return info.dli_fbase;
}

// The object the engine is linked into (libhaul.so, or the program itself): pinning it from
// inside would make the engine's last dlclose unmap the code that is running it.
const void* engineBase()
{
    static const void* base = objectBase(reinterpret_cast<const void*>(&objectBase));
    return base;
}

void* mainProgram()
{
    static void* handle = dlopen(nullptr, RTLD_LAZY | RTLD_NOLOAD);
    return handle;
}

} // namespace

ModulePins::ModulePins(ModulePins&& other) noexcept
    : m_handles(std::move(other.m_handles)), m_bases(std::move(other.m_bases))
{
    other.m_handles.clear();
    other.m_bases.clear();
}

ModulePins& ModulePins::operator=(ModulePins&& other) noexcept
{
    if (this != &other) {
        release();
        m_handles = std::move(other.m_handles);
        m_bases = std::move(other.m_bases);
        other.m_handles.clear();
        other.m_bases.clear();
    }
    return *this;
}

ModulePins ModulePins::forCallable(const EventCallback& callable, const void* extra)
{
    ModulePins pins;
    if (!callable)
        return pins;
    // The typeinfo of a lambda or a local functor type is emitted in the object that defines it.
    pins.pin(&callable.target_type());
    // The function object's own bytes: its manager and invoker are instantiated (and pointed
    // to) by the code that built it, and a small target (a function pointer, a small lambda's
    // captures) is stored inline. A word that points nowhere in a loaded object is skipped.
    const void* words[sizeof(EventCallback) / sizeof(const void*)];
    std::memcpy(static_cast<void*>(words), static_cast<const void*>(&callable), sizeof words);
    for (const void* w : words)
        pins.pin(w);
    pins.pin(extra);
    return pins;
}

void ModulePins::pin(const void* address)
{
    Dl_info info{};
    if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr)
        return;
    if (info.dli_fbase == engineBase()
        || std::find(m_bases.begin(), m_bases.end(), info.dli_fbase) != m_bases.end())
        return;
    void* handle = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr)
        return;
    if (handle == mainProgram()) {
        dlclose(handle);
        return;
    }
    m_handles.push_back(handle);
    m_bases.push_back(info.dli_fbase);
}

void ModulePins::release()
{
    for (void* handle : m_handles)
        dlclose(handle);
    m_handles.clear();
    m_bases.clear();
}

} // namespace haul::engine
