// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace haul::engine {

// The desktop's secret service (org.freedesktop.secrets: GNOME Keyring, KWallet's bridge),
// reached through libsecret, which is loaded at run time (dlopen "libsecret-1.so.0"): the engine
// links nothing of it, and haul-cli and the tests run where it is missing. Store keeps a record's
// secrets here (URL credentials, Authorization / Cookie / Proxy-Authorization headers), one item
// per record, under the attributes {application: "haul", list: <list file>, key: <record key>}.
// Internal to the engine.
//
// Availability: the first call of available() (or of any other function) probes, once per
// process: the library, a session bus, the service. When any of them is missing, or any call
// later fails or times out, the vault is off for the rest of the process (one line on stderr
// says so, once), and Store keeps the secrets in the list file as before.
//
// Threads: every function may be called from any thread at the same time, but they BLOCK (a
// D-Bus round trip; the service may ask the user to unlock the keyring): never from the GUI
// thread, and never while holding a lock another thread may wait for. Each call gives up after
// kTimeoutMs. Nothing calls back.
class SecretVault {
public:
    static constexpr int kTimeoutMs = 5000;

    // The process's one vault.
    static SecretVault& instance();

    bool available();
    // Keeps secret for the record key of the list file list (an absolute path), replacing what
    // was kept for it. False when it could not (the vault is then off).
    bool store(const std::string& list, std::int64_t key, const std::string& secret);
    // What store() kept; nullopt when nothing is kept for it, or the vault is off or failed.
    std::optional<std::string> lookup(const std::string& list, std::int64_t key);
    // Forgets what is kept for the record. True when nothing is kept for it now.
    bool clear(const std::string& list, std::int64_t key);

    SecretVault(const SecretVault&) = delete;
    SecretVault& operator=(const SecretVault&) = delete;

private:
    SecretVault() = default;
    struct Api;
    Api* api(); // null when off
};

} // namespace haul::engine
