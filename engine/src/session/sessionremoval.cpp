// SPDX-License-Identifier: MIT
// Session::Impl, engine thread: remove() after its transfer is gone (docs/ARCHITECTURE.md
// section 3, "A removal"): the record forgotten and the files deleted off this thread, after
// the transfer's last write and its I/O jobs; creates held back meanwhile.
#include "session/sessionimpl.h"

#include <algorithm>
#include <memory>
#include <type_traits>

namespace haul::engine {

// A create that comes while a removal is under way waits for it (it could otherwise adopt the
// record being forgotten), and so does every later command for the same id, in order.
bool Session::Impl::park(Command& c)
{
    bool create = false;
    const TransferId id = std::visit(
        [&create](const auto& command) -> TransferId {
            if constexpr (std::is_same_v<std::decay_t<decltype(command)>, cmd::Create>)
                create = command.request.group == 0;
            if constexpr (requires { command.id; })
                return command.id;
            else
                return 0;
        },
        c);
    if (id == 0 || (!m_parkedIds.count(id) && !(create && !m_removing.empty())))
        return false;
    m_parkedIds.insert(id);
    m_parked.push_back(std::move(c));
    return true;
}

void Session::Impl::replayParked()
{
    std::vector<Command> parked;
    parked.swap(m_parked);
    m_parkedIds.clear();
    for (Command& c : parked)
        execute(c); // parked again behind a removal one of them began
}

void Session::Impl::handle(const cmd::RemovalDone& c)
{
    finishRemoval(c.id);
}

void Session::Impl::JobFence::begin()
{
    std::lock_guard lock(m_mutex);
    ++m_running;
}

void Session::Impl::JobFence::end(bool publishedFinal)
{
    std::vector<std::function<void(bool)>> then;
    bool published = false;
    {
        std::lock_guard lock(m_mutex);
        m_publishedFinal = m_publishedFinal || publishedFinal;
        if (--m_running == 0)
            then.swap(m_then);
        published = m_publishedFinal;
    }
    for (auto& f : then)
        f(published);
}

void Session::Impl::JobFence::whenIdle(std::function<void(bool)> then)
{
    bool published = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_running > 0) {
            m_then.push_back(std::move(then));
            return;
        }
        published = m_publishedFinal;
    }
    then(published);
}

std::optional<Session::Impl::Removal> Session::Impl::removalOf(Transfer& t)
{
    HAUL_CHECK_THREAD(m_engineThread);
    Removal r;
    {
        std::lock_guard lock(m_mutex);
        auto h = m_handles.find(t.id());
        if (h == m_handles.end() || !h->second.removing)
            return std::nullopt;
        r.deleteFiles = h->second.deleteFiles;
    }
    r.id = t.id();
    r.storeKey = t.storeKey();
    if (auto fence = m_jobs.find(t.id()); fence != m_jobs.end()) {
        r.jobs = fence->second;
        r.jobs->abandon(); // its answer is ignored now: a hash need not go on
    }
    const FileSink& sink = t.sink();
    // A name another open transfer of this session has is that one's (without a list this is
    // the only claim there is): its files stay.
    const bool shared = std::any_of(m_transfers.begin(), m_transfers.end(), [&](const auto& o) {
        return o.second.get() != &t && o.second->sink().finalPath() == sink.finalPath();
    });
    if (r.deleteFiles && !shared) {
        r.directory = sink.directory();
        r.fileName = sink.fileName();
        r.completed = t.state() == Transfer::State::Completed;
    } else {
        r.deleteFiles = false;
    }
    return r;
}

bool Session::Impl::postRemoval(const Removal& r)
{
    HAUL_CHECK_THREAD(m_engineThread);
    if (!m_writer && !r.deleteFiles)
        return false;
    {
        std::lock_guard lock(m_mutex);
        ++m_removalsInFlight;
    }
    m_removing.insert(r.id);
    // Which files go is settled where the list is read: the writer, after the transfer's last
    // write (its record still says whether the file under the final name is this download's).
    struct Files {
        std::vector<std::string> paths;
        std::string finalPath; // also deleted when a Finalize job of it published the file
    };
    auto files = std::make_shared<Files>();
    const auto pick = [r, files](Store* store) {
        bool completed = r.completed;
        if (store && r.storeKey) {
            if (const auto record = store->get(r.storeKey))
                completed = completed || record->state == DownloadState::Completed;
            store->remove(r.storeKey);
        }
        // Any record still naming this folder and name is another download's: not its files.
        if (!r.deleteFiles || (store && store->findByTarget(r.directory, r.fileName)))
            return;
        const std::string path = r.directory.empty() || r.directory.back() == '/'
                                     ? r.directory + r.fileName
                                     : r.directory + "/" + r.fileName;
        files->paths.push_back(path + ".part");
        if (completed)
            files->paths.push_back(path);
        files->finalPath = path;
    };
    // Only after every I/O job of the transfer ended (a Finalize job may publish the file or
    // write its .part after the Close): run here, or by the pool thread that ends the last job.
    const auto finish = [this, id = r.id, files, jobs = r.jobs] {
        const auto deleteFiles = [this, id, files](bool publishedFinal) {
            if (publishedFinal && !files->finalPath.empty())
                files->paths.push_back(files->finalPath);
            for (const std::string& path : files->paths)
                FileSink::removeRegularFile(path);
            removalDone(id);
        };
        if (jobs)
            jobs->whenIdle(deleteFiles);
        else
            deleteFiles(false);
    };
    if (m_writer) {
        // After the commit: the record is gone before any file is.
        m_writer->postAfterSync(
            -1, [pick](Store& store) { pick(&store); }, finish);
    } else {
        m_io->submit([pick, finish] {
            pick(nullptr);
            finish();
        });
    }
    return true;
}

void Session::Impl::removalDone(TransferId id)
{
    std::lock_guard lock(m_mutex);
    if (auto h = m_handles.find(id); h != m_handles.end())
        h->second.removed = true;
    --m_removalsInFlight;
    m_removalsDone.notify_all();
    enqueue(cmd::RemovalDone{id}); // now Closed
}

void Session::Impl::finishRemoval(TransferId id)
{
    HAUL_CHECK_THREAD(m_engineThread);
    if (m_removing.count(id) == 0)
        return;
    {
        std::lock_guard lock(m_mutex);
        auto h = m_handles.find(id);
        if (h == m_handles.end() || !h->second.removed)
            return;
    }
    m_removing.erase(id);
    queueClosed(id);
    if (m_removing.empty() && !m_parked.empty())
        replayParked();
}

void Session::Impl::waitForRemovals()
{
    HAUL_CHECK_THREAD(m_engineThread);
    // The writer and the pool finish what they were given; neither waits for this thread.
    std::unique_lock lock(m_mutex);
    m_removalsDone.wait(lock, [this] { return m_removalsInFlight == 0; });
}

} // namespace haul::engine
