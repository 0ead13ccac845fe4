"""Messages: what the laptop refuses from outside or cannot do (a damaged store, a full
disk, a file beyond its bounds, an address that would send passwords in clear)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the store itself ----------------------------------------------------------------
    "store.damaged": (
        "数据文件 {path} 已损坏（{detail}），无法读取。请不要继续使用它：用最近的备份恢复"
        "（collector restore），或联系县里的技术人员",
        "The data file {path} is damaged ({detail}) and cannot be read. Stop using it: "
        "restore the latest backup (collector restore), or call county IT",
    ),
    "store.disk_full": (
        "磁盘已满，没有保存（{path}）。这次的内容一条也没有写入，已有数据完好；"
        "请腾出磁盘空间后再做一次",
        "The disk is full; nothing was saved ({path}). None of this work was written and the "
        "data already stored is intact; free some disk space and do it again",
    ),
    # --- files from outside --------------------------------------------------------------
    "file.too_large": (
        "文件“{file}”太大：{what} {size}，上限 {limit}；没有读取任何内容",
        "The file '{file}' is too large: {what} {size}, the limit is {limit}; nothing was read",
    ),
    "file.too_many_rows": (
        "文件“{file}”的行数超过上限 {limit} 行；没有读取任何内容",
        "The file '{file}' has more than {limit} rows, the limit; nothing was read",
    ),
    "bound.size": ("大小", "size"),
    "bound.unpacked": ("解压后", "unpacked"),
    "bound.part": ("其中一个部件解压后", "one part unpacked"),
    "backup.too_large": (
        "备份文件 {path} 中的 {name} 解压后有 {size_mb} MB，超过上限 {limit_mb} MB，"
        "不像本程序做的备份；没有恢复任何数据",
        "In the backup {path}, {name} would unpack to {size_mb} MB, over the limit of "
        "{limit_mb} MB: not a backup this program made; nothing was restored",
    ),
    "backup.unknown_files": (
        "备份文件 {path} 的清单列出了备份中不应有的文件（{names}），没有恢复任何数据",
        "The manifest of the backup {path} names files no backup holds ({names}); nothing "
        "was restored",
    ),
    "restore.no_space": (
        "{path} 所在的磁盘空间不够：恢复需要 {need_mb} MB，只剩 {free_mb} MB；没有恢复任何数据",
        "Not enough disk space for {path}: the restore needs {need_mb} MB and {free_mb} MB "
        "are free; nothing was restored",
    ),
    # --- the county server's address ------------------------------------------------------
    "sync.bad_address": (
        "县服务器地址“{url}”无效：应以 https:// 开头，如 https://rsj.example.gov.cn",
        "The county server address '{url}' is not valid: it starts with https://, such as "
        "https://rsj.example.gov.cn",
    ),
    "sync.insecure_address": (
        "不能使用县服务器地址“{url}”：http:// 不加密，账号密码和全部记录会以明文经过网络。"
        "请改用 https:// 地址（只有本机地址 localhost、127.0.0.1、::1 可以用 http://）",
        "The county server address '{url}' is refused: http:// is not encrypted, so the "
        "account's password and every record would cross the network in clear. Use an "
        "https:// address (only this machine, localhost, 127.0.0.1 or ::1, may use http://)",
    ),
    "sync.http_local": (
        "注意：“{url}”不加密（http://）；只因为它在本机才可以使用",
        "Note: '{url}' is not encrypted (http://); it is allowed only because it is on this "
        "machine",
    ),
    # --- USB bundles ---------------------------------------------------------------------
    "bundle.refused": (
        "数据包中记录 {record_id} 的修订 {revision} 不能导入：{reason}。整个数据包都没有导入",
        "Revision {revision} of record {record_id} in the bundle cannot be imported: {reason}. "
        "Nothing of the bundle was imported",
    ),
    "bundle.id_mismatch": (
        "修订编号与内容不符（数据包被改动过）",
        "its id does not match its content (the bundle was altered)",
    ),
    "bundle.out_of_area": (
        "村 {village} 不在本账号的辖区 {area} 内",
        "village {village} is outside this account's area {area}",
    ),
    "bundle.village_mismatch": (
        "记录标明的村 {village} 与答案中的村 {named} 不一致",
        "the record's village {village} is not the village its answers name ({named})",
    ),
}
