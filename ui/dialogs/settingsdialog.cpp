// SPDX-License-Identifier: MIT
#include "dialogs/settingsdialog.h"

#include "dialogs/categoriespage.h"
#include "dialogs/schedulewidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace haul::ui {

SettingsDialog::SettingsDialog(const AppSettings& settings, bool trayAvailable, QWidget* parent)
    : QDialog(parent), m_initial(settings)
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));

    auto* downloads = new QGroupBox(tr("Downloads"), this);
    auto* form = new QFormLayout(downloads);
    m_directory = new QLineEdit(QDir::toNativeSeparators(settings.directory), downloads);
    m_directory->setObjectName(QStringLiteral("directory"));
    auto* browse = new QPushButton(tr("Browse…"), downloads);
    auto* dirRow = new QHBoxLayout;
    dirRow->addWidget(m_directory, 1);
    dirRow->addWidget(browse);
    form->addRow(tr("Save files to:"), dirRow);

    m_concurrent = new QSpinBox(downloads);
    m_concurrent->setObjectName(QStringLiteral("concurrent"));
    m_concurrent->setRange(1, 64);
    m_concurrent->setValue(settings.maxConcurrent);
    m_concurrent->setToolTip(tr("The others wait in the queue."));
    form->addRow(tr("Downloads at once:"), m_concurrent);

    m_connections = new QSpinBox(downloads);
    m_connections->setObjectName(QStringLiteral("connections"));
    m_connections->setRange(1, 16);
    m_connections->setValue(settings.connectionsPerDownload);
    form->addRow(tr("Connections per download:"), m_connections);

    m_speedLimit = new QSpinBox(downloads);
    m_speedLimit->setObjectName(QStringLiteral("speedLimit"));
    m_speedLimit->setRange(0, 10 * 1024 * 1024);
    m_speedLimit->setSingleStep(64);
    m_speedLimit->setSuffix(tr(" KiB/s"));
    m_speedLimit->setSpecialValueText(tr("Unlimited"));
    m_speedLimit->setValue(settings.speedLimitKiB);
    form->addRow(tr("Global speed limit:"), m_speedLimit);

    m_retries = new QSpinBox(downloads);
    m_retries->setObjectName(QStringLiteral("retries"));
    m_retries->setRange(0, 20);
    m_retries->setSpecialValueText(tr("Never"));
    m_retries->setValue(settings.retries);
    m_retries->setToolTip(tr("How often a transient failure (timeout, 503, reset) is retried"));
    form->addRow(tr("Retries:"), m_retries);

    m_maxFileSize = new QSpinBox(downloads);
    m_maxFileSize->setObjectName(QStringLiteral("maxFileSize"));
    m_maxFileSize->setRange(0, 16 * 1024 * 1024);
    m_maxFileSize->setSingleStep(100);
    m_maxFileSize->setSuffix(tr(" MiB"));
    m_maxFileSize->setSpecialValueText(tr("No limit"));
    m_maxFileSize->setValue(settings.maxFileSizeMiB);
    m_maxFileSize->setToolTip(tr("A download that turns out larger fails with a message, also one "
                                 "whose server never says its size and never ends"));
    form->addRow(tr("Largest file:"), m_maxFileSize);

    m_proxy = new QLineEdit(settings.proxy, downloads);
    m_proxy->setObjectName(QStringLiteral("proxy"));
    m_proxy->setPlaceholderText(tr("none, or http://host:port, socks5://host:port"));
    form->addRow(tr("Proxy:"), m_proxy);

    m_startHandedOver = new QCheckBox(tr("Start handed-over downloads at once"), downloads);
    m_startHandedOver->setObjectName(QStringLiteral("startHandedOver"));
    m_startHandedOver->setChecked(settings.startHandedOver);
    m_startHandedOver->setToolTip(
        tr("Off: addresses another program hands to Haul (a browser, “haul URL” while "
           "Haul runs) open the Add dialog, filled in, and start only when you confirm."));
    form->addRow(QString(), m_startHandedOver);

    auto* window = new QGroupBox(tr("Window"), this);
    auto* windowLayout = new QVBoxLayout(window);
    m_theme = new QComboBox(window);
    m_theme->setObjectName(QStringLiteral("theme"));
    m_theme->addItem(tr("System"), static_cast<int>(Theme::System));
    m_theme->addItem(tr("Light"), static_cast<int>(Theme::Light));
    m_theme->addItem(tr("Dark"), static_cast<int>(Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(static_cast<int>(settings.theme)));
    m_theme->setToolTip(tr("System: the desktop's style and colours. Light and Dark: Haul's own, "
                           "whatever the desktop uses."));
    auto* themeRow = new QFormLayout;
    themeRow->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    themeRow->addRow(tr("&Theme:"), m_theme);
    windowLayout->addLayout(themeRow);
    m_closeToTray = new QCheckBox(tr("Closing the window keeps Haul running in the tray"), window);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    m_closeToTray->setChecked(settings.closeToTray && trayAvailable);
    m_closeToTray->setEnabled(trayAvailable);
    if (!trayAvailable) {
        m_closeToTray->setToolTip(tr("This desktop has no system tray"));
    }
    m_notify = new QCheckBox(tr("Notify when a download finishes or fails"), window);
    m_notify->setObjectName(QStringLiteral("notify"));
    m_notify->setChecked(settings.notify);
    m_notify->setEnabled(trayAvailable);
    windowLayout->addWidget(m_closeToTray);
    windowLayout->addWidget(m_notify);
    if (!trayAvailable) {
        // Say why the two are greyed out instead of leaving the user to guess.
        m_notify->setToolTip(tr("This desktop has no system tray"));
        auto* noTray = new QLabel(tr("This desktop has no system tray: Haul cannot stay in it "
                                     "or show notifications."),
                                  window);
        noTray->setObjectName(QStringLiteral("noTrayNote"));
        noTray->setWordWrap(true);
        noTray->setEnabled(false);
        windowLayout->addWidget(noTray);
    }

    auto* confirmations = new QGroupBox(tr("Questions"), this);
    auto* confirmLayout = new QVBoxLayout(confirmations);
    m_confirmRemove = new QCheckBox(tr("Ask before removing downloads from the list"), this);
    m_confirmRemove->setObjectName(QStringLiteral("confirmRemove"));
    m_confirmRemove->setChecked(settings.confirmRemove);
    m_confirmRemove->setToolTip(tr("Remove and delete files always asks."));
    m_confirmQuit = new QCheckBox(tr("Ask before quitting while downloads are running"), this);
    m_confirmQuit->setObjectName(QStringLiteral("confirmQuit"));
    m_confirmQuit->setChecked(settings.confirmQuit);
    m_confirmQuit->setToolTip(tr("Downloads stopped by quitting continue when Haul starts again."));
    confirmLayout->addWidget(m_confirmRemove);
    confirmLayout->addWidget(m_confirmQuit);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("settingsPages"));
    auto* general = new QWidget(m_pages);
    auto* generalLayout = new QVBoxLayout(general);
    generalLayout->addWidget(downloads);
    generalLayout->addStretch(1);
    m_pages->addTab(general, tr("General"));
    auto* windowPage = new QWidget(m_pages);
    auto* windowPageLayout = new QVBoxLayout(windowPage);
    windowPageLayout->addWidget(window);
    windowPageLayout->addWidget(confirmations);
    windowPageLayout->addStretch(1);
    m_pages->addTab(windowPage, tr("Window"));
    m_categories = new CategoriesPage(settings.categories, settings.categoryFolders, m_pages);
    m_pages->addTab(m_categories, tr("Categories"));
    m_schedule = new ScheduleWidget(settings.schedule, m_pages);
    m_schedule->setObjectName(QStringLiteral("schedule"));
    m_pages->addTab(m_schedule, tr("Schedule"));

    auto* clipboard = new QWidget(m_pages);
    auto* clipboardLayout = new QVBoxLayout(clipboard);
    m_clipboardMonitor = new QCheckBox(tr("Offer links copied to the clipboard"), clipboard);
    m_clipboardMonitor->setObjectName(QStringLiteral("clipboardMonitor"));
    m_clipboardMonitor->setChecked(settings.clipboardMonitor);
    auto* clipboardAbout =
        new QLabel(tr("When you copy a link to a file of one of these types in another program, "
                      "Haul opens the Add dialog with it, without taking the focus. Nothing "
                      "starts before you choose Download."),
                   clipboard);
    clipboardAbout->setWordWrap(true);
    m_clipboardExtensions =
        new QLineEdit(settings.clipboardExtensions.join(QStringLiteral(", ")), clipboard);
    m_clipboardExtensions->setObjectName(QStringLiteral("clipboardExtensions"));
    m_clipboardExtensions->setPlaceholderText(tr("the categories' file types"));
    m_clipboardExtensions->setToolTip(
        tr("Extensions, separated by commas; empty: every file type of the categories"));
    m_clipboardExtensions->setEnabled(settings.clipboardMonitor);
    auto* clipboardForm = new QFormLayout;
    clipboardForm->addRow(tr("File types:"), m_clipboardExtensions);
    clipboardLayout->addWidget(m_clipboardMonitor);
    clipboardLayout->addWidget(clipboardAbout);
    clipboardLayout->addLayout(clipboardForm);
    clipboardLayout->addStretch(1);
    m_pages->addTab(clipboard, tr("Clipboard"));
    connect(m_clipboardMonitor, &QCheckBox::toggled, m_clipboardExtensions, &QWidget::setEnabled);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, &SettingsDialog::handleBrowse);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(sizeHint().expandedTo(QSize(600, 0)));
}

SettingsDialog::~SettingsDialog() = default;

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_initial;
    s.directory = QDir::fromNativeSeparators(m_directory->text().trimmed());
    s.maxConcurrent = m_concurrent->value();
    s.connectionsPerDownload = m_connections->value();
    s.speedLimitKiB = m_speedLimit->value();
    s.retries = m_retries->value();
    s.maxFileSizeMiB = m_maxFileSize->value();
    s.proxy = m_proxy->text().trimmed();
    s.startHandedOver = m_startHandedOver->isChecked();
    if (m_closeToTray->isEnabled()) {
        s.closeToTray = m_closeToTray->isChecked();
    }
    s.notify = m_notify->isChecked();
    s.theme = static_cast<Theme>(m_theme->currentData().toInt());
    s.categories = m_categories->categories();
    s.categoryFolders = m_categories->useFolders();
    s.clipboardMonitor = m_clipboardMonitor->isChecked();
    s.clipboardExtensions = Categories::parseList(m_clipboardExtensions->text());
    s.schedule = m_schedule->settings();
    s.confirmRemove = m_confirmRemove->isChecked();
    s.confirmQuit = m_confirmQuit->isChecked();
    return s;
}

void SettingsDialog::handleBrowse()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Save files to"), m_directory->text());
    if (!dir.isEmpty()) {
        m_directory->setText(QDir::toNativeSeparators(dir));
    }
}

} // namespace haul::ui
