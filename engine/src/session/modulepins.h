// SPDX-License-Identifier: MIT
#pragma once

#include <haul/session.h>

#include <vector>

namespace haul::engine {

// Keeps loaded the shared objects (dlopen'ed modules) that hold a callback's code, for as long
// as the callback can run or its object exists (rule 6): the module's own dlclose then only
// drops its reference, and the object goes when the engine releases the pin, after the last
// invocation returned and the callback object was destroyed. This is what Windows offers with
// FreeLibraryWhenCallbackReturns.
//
// The objects are found from addresses (dladdr), each pinned with dlopen(RTLD_NOLOAD), which
// never loads anything. The main program and the object holding the engine itself are never
// pinned: neither can be unloaded while the engine runs.
//
// Not thread-safe; a value is owned by one subscription. Any thread may create or release one.
class ModulePins {
public:
    ModulePins() = default;
    ~ModulePins() { release(); }
    ModulePins(ModulePins&& other) noexcept;
    ModulePins& operator=(ModulePins&& other) noexcept;
    ModulePins(const ModulePins&) = delete;
    ModulePins& operator=(const ModulePins&) = delete;

    // The objects that a std::function's target lives in: those holding its type's typeinfo
    // and any code or data its representation points at (the invoker and manager that the
    // module instantiated, a plain function pointer stored in it). Heap captures are not
    // followed. `extra` names one more address (a C callback the callable calls), may be null.
    static ModulePins forCallable(const EventCallback& callable, const void* extra = nullptr);

    void release(); // dlclose of every pin; may unload a module (and run its destructors)
    std::size_t size() const { return m_handles.size(); }

private:
    void pin(const void* address);

    std::vector<void*> m_handles;
    std::vector<const void*> m_bases; // one pin per object
};

} // namespace haul::engine
