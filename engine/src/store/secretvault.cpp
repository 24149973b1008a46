// SPDX-License-Identifier: MIT
#include "store/secretvault.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <type_traits>

namespace haul::engine {

namespace {

// The few declarations of libsecret and GLib this file uses, as their (stable) C ABI defines
// them, so that building needs neither library nor its headers.
using gboolean = int;
struct GError {
    std::uint32_t domain;
    int code;
    char* message;
};
struct SecretSchemaAttribute {
    const char* name;
    int type; // SECRET_SCHEMA_ATTRIBUTE_STRING = 0
};
struct SecretSchema {
    const char* name;
    int flags;
    SecretSchemaAttribute attributes[32];
    int reserved;
    void* reserved1[7];
};
constexpr int kSecretSchemaDontMatchName = 1 << 1;
constexpr int kSecretServiceOpenSession = 1 << 1;

const SecretSchema kSchema = {"org.haul.Download",
                              kSecretSchemaDontMatchName,
                              {{"application", 0}, {"list", 0}, {"key", 0}, {nullptr, 0}},
                              0,
                              {}};

// Cancels a GCancellable when a call takes longer than kTimeoutMs (an unlock prompt nobody
// answers, a service that hangs), so no thread waits for the secret service for ever.
class Deadline {
public:
    Deadline(void (*cancel)(void*), void* cancellable)
        : m_thread([this, cancel, cancellable] {
              std::unique_lock lock(m_mutex);
              if (!m_cv.wait_for(lock, std::chrono::milliseconds(SecretVault::kTimeoutMs),
                                 [this] { return m_done; }))
                  cancel(cancellable); // thread-safe in GLib
          })
    {
    }
    ~Deadline()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_one();
        m_thread.join();
    }
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::thread m_thread; // last: started once the members it uses exist
};

// A session bus to ask: the address in the environment, or the one systemd gives each user.
// Without either GLib would try to start a bus of its own (dbus-launch), which is not wanted.
bool haveSessionBus()
{
    if (const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS"); address && *address)
        return true;
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    struct stat info {};
    return runtime && *runtime && ::stat((std::string(runtime) + "/bus").c_str(), &info) == 0
           && S_ISSOCK(info.st_mode);
}

} // namespace

struct SecretVault::Api {
    gboolean (*storeSync)(const SecretSchema*, const char*, const char*, const char*, void*,
                          GError**, ...) = nullptr;
    char* (*lookupSync)(const SecretSchema*, void*, GError**, ...) = nullptr;
    gboolean (*clearSync)(const SecretSchema*, void*, GError**, ...) = nullptr;
    void (*passwordFree)(char*) = nullptr;
    void* (*serviceGetSync)(int, void*, GError**) = nullptr;
    void* (*cancellableNew)() = nullptr;
    void (*cancellableCancel)(void*) = nullptr;
    void (*objectUnref)(void*) = nullptr;
    void (*errorFree)(GError*) = nullptr;

    std::once_flag probed;
    std::atomic<bool> on{false};
    std::once_flag told;

    // Turns the vault off for the rest of the process; says so once.
    void fail(const char* what, GError* error)
    {
        on = false;
        std::call_once(told, [&] {
            std::fprintf(stderr,
                         "haul: the secret service is not used (%s%s%s); URL credentials and "
                         "request headers are kept in the download list file\n",
                         what, error ? ": " : "", error && error->message ? error->message : "");
        });
        if (error)
            errorFree(error);
    }

    // Runs call(cancellable) with a deadline.
    template <typename Call> auto bounded(Call call)
    {
        void* cancellable = cancellableNew();
        struct Unref {
            Api* api;
            void* object;
            ~Unref() { api->objectUnref(object); }
        } unref{this, cancellable};
        Deadline deadline(cancellableCancel, cancellable);
        return call(cancellable);
    }

    void probe()
    {
        if (!haveSessionBus())
            return; // quietly: no desktop session, nothing to tell
        void* library = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
        if (!library)
            return fail("libsecret-1.so.0 is not installed", nullptr);
        // Never closed: GLib keeps threads and types that outlive any call.
        const auto load = [library](auto& function, const char* name) {
            function =
                reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(library, name));
            return function != nullptr;
        };
        if (!load(storeSync, "secret_password_store_sync")
            || !load(lookupSync, "secret_password_lookup_sync")
            || !load(clearSync, "secret_password_clear_sync")
            || !load(passwordFree, "secret_password_free")
            || !load(serviceGetSync, "secret_service_get_sync")
            || !load(cancellableNew, "g_cancellable_new")
            || !load(cancellableCancel, "g_cancellable_cancel")
            || !load(objectUnref, "g_object_unref") || !load(errorFree, "g_error_free"))
            return fail("libsecret lacks a function Haul uses", nullptr);
        GError* error = nullptr;
        void* service = bounded([&](void* cancellable) {
            return serviceGetSync(kSecretServiceOpenSession, cancellable, &error);
        });
        if (!service)
            return fail("no secret service answers", error);
        objectUnref(service);
        on = true;
    }
};

SecretVault& SecretVault::instance()
{
    static SecretVault vault;
    return vault;
}

SecretVault::Api* SecretVault::api()
{
    static Api api;
    std::call_once(api.probed, [] { api.probe(); });
    return api.on ? &api : nullptr;
}

bool SecretVault::available()
{
    return api() != nullptr;
}

bool SecretVault::store(const std::string& list, std::int64_t key, const std::string& secret)
{
    Api* a = api();
    if (!a)
        return false;
    const std::string id = std::to_string(key);
    const std::string label = "Haul download " + id + " (" + list + ")";
    GError* error = nullptr;
    const gboolean stored = a->bounded([&](void* cancellable) {
        return a->storeSync(&kSchema, nullptr, label.c_str(), secret.c_str(), cancellable, &error,
                            "application", "haul", "list", list.c_str(), "key", id.c_str(),
                            nullptr);
    });
    if (!stored)
        a->fail("storing a secret failed", error);
    return stored;
}

std::optional<std::string> SecretVault::lookup(const std::string& list, std::int64_t key)
{
    Api* a = api();
    if (!a)
        return std::nullopt;
    const std::string id = std::to_string(key);
    GError* error = nullptr;
    char* found = a->bounded([&](void* cancellable) {
        return a->lookupSync(&kSchema, cancellable, &error, "application", "haul", "list",
                             list.c_str(), "key", id.c_str(), nullptr);
    });
    if (error) {
        a->fail("looking up a secret failed", error);
        return std::nullopt;
    }
    if (!found)
        return std::nullopt;
    std::string secret(found);
    a->passwordFree(found); // wipes it
    return secret;
}

bool SecretVault::clear(const std::string& list, std::int64_t key)
{
    Api* a = api();
    if (!a)
        return false;
    const std::string id = std::to_string(key);
    GError* error = nullptr;
    a->bounded([&](void* cancellable) {
        return a->clearSync(&kSchema, cancellable, &error, "application", "haul", "list",
                            list.c_str(), "key", id.c_str(), nullptr);
    });
    if (error) {
        a->fail("removing a secret failed", error);
        return false;
    }
    return true; // FALSE without an error: there was nothing to remove
}

} // namespace haul::engine
