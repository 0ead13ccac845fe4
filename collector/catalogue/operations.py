"""Messages: running the program on office PCs (self-check, provisioning, backups, logs)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- self-check ------------------------------------------------------------------------
    "check.store": (
        "加密数据：已在临时文件夹建立、保存 1 条记录、关闭后用密码重新打开并读回"
        "（SQLCipher {cipher}，文件不是明文）",
        "Encrypted store: created in a temporary folder, 1 record saved, closed, opened "
        "again with the password and read back (SQLCipher {cipher}, the file is not plain text)",
    ),
    "check.forms": (
        "表单：{forms}",
        "Forms: {forms}",
    ),
    "check.form": (
        "{id} {version}（{fields} 个问题）",
        "{id} {version} ({fields} questions)",
    ),
    "check.divisions": (
        "行政区划：{files} 个文件，全国 {counties} 个县",
        "Division lists: {files} files, {counties} counties of China",
    ),
    "check.platform": (
        "屏幕插件：{plugin} 及其所需的系统库均可载入（{file}）",
        "Screen plugin: {plugin} and the system libraries it needs load ({file})",
    ),
    "check.window": (
        "主窗口：在 {platform} 上建立并显示，{pages} 个页面，已关闭（Qt {qt}）",
        "Main window: built and shown on {platform}, {pages} pages, closed (Qt {qt})",
    ),
    "check.translations": (
        "英文界面翻译：已载入 {file}",
        "English translation of the windows: {file} loaded",
    ),
    "check.failed": (
        "自检失败：{step}：{detail}",
        "Self-check failed: {step}: {detail}",
    ),
    "check.passed": (
        "自检通过：collector {version}",
        "Self-check passed: collector {version}",
    ),
    # --- backup and restore -----------------------------------------------------------------
    "backup.done": (
        "已备份到 {path}（{records} 条记录，{size_mb} MB）。备份仍是加密的，"
        "恢复后用原来的密码（或县级恢复私钥）打开",
        "Backed up to {path} ({records} records, {size_mb} MB). The backup is still "
        "encrypted: after a restore it opens with the same password (or the county's "
        "recovery key)",
    ),
    "backup.out_exists": (
        "{path} 已经存在，请换一个备份文件名（不会覆盖已有的备份）",
        "{path} exists already; choose another name (a backup never overwrites a file)",
    ),
    "backup.damaged": (
        "备份文件 {path} 已损坏（{detail}），没有恢复任何数据",
        "The backup {path} is damaged ({detail}); nothing was restored",
    ),
    "backup.foreign": (
        "{path} 不是本程序的备份文件，没有恢复任何数据",
        "{path} is not a backup made by this program; nothing was restored",
    ),
    "restore.store_exists": (
        "{path} 中已经有数据，恢复不会覆盖它；请恢复到一个新的空文件夹",
        "{path} already holds a store, which a restore never overwrites; restore into a "
        "new, empty folder",
    ),
    "restore.done": (
        "已恢复到 {path}（{records} 条记录），请用原来的密码解锁",
        "Restored into {path} ({records} records); unlock it with the same password",
    ),
    # --- provisioning ------------------------------------------------------------------------
    "provision.damaged": (
        "配置文件 {path} 已损坏或不完整（{detail}），请让县里的技术人员重新生成",
        "The provisioning file {path} is damaged or incomplete ({detail}); ask county IT "
        "for a new one",
    ),
    "provision.foreign": (
        "{path} 不是本程序的配置文件",
        "{path} is not a provisioning file of this program",
    ),
    "provision.newer": (
        "配置文件 {path} 的格式（{format}）比本程序新，请先升级本程序",
        "The provisioning file {path} has a newer format ({format}) than this program "
        "reads; upgrade the program first",
    ),
    "provision.bad_form": (
        "配置文件 {path} 中的表单有问题：{detail}",
        "A form in the provisioning file {path} has problems: {detail}",
    ),
    "provision.account_division": (
        "账号“{name}”属于 {division}，与 --division 不一致",
        "The account '{name}' belongs to {division}, not to the --division given",
    ),
    "provision.no_forms": (
        "服务器上还没有发布表单，请先运行 collector-server form publish",
        "The server has no published form yet; run collector-server form publish first",
    ),
    "provision.bad_ca": (
        "{path} 不是 PEM 格式的 CA 证书",
        "{path} is not a CA certificate in PEM format",
    ),
}
