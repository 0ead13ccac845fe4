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
}
